// Test helper: the Prometheus, rule and Alertmanager configuration files of the denied-traffic alerting path, for loopback ports.
import { stringify } from "yaml";

/** The name of the alert the rule raises. */
export const alertName = "DeniedPacketsByTestPolicy";
/** Where Alertmanager sends the email. */
export const mailTo = "netsec@example.test";
/** Who the email comes from. */
export const mailFrom = "alertmanager@example.test";
/** The path of the Slack webhook on the HTTP receiver. */
export const slackPath = "/services/T000/B000/e2e";

/** The per-alert line, in both the email's text part and the Slack message. */
const perAlert = "{{ range .Alerts }}{{ .Annotations.description }}\n{{ end }}";

/** The rule file: any series of `calico_denied_packets` from a policy named like "test" fires at once. */
export function rulesFile(): string {
  return stringify({
    groups: [
      {
        name: "netward-e2e",
        rules: [
          {
            alert: alertName,
            expr: 'calico_denied_packets{policy=~".*test.*"} > 0',
            labels: { severity: "warning" },
            annotations: {
              summary: "Packets denied by {{ $labels.policy }}",
              description:
                "Calico policy {{ $labels.policy }} denied packets from {{ $labels.srcIP }} on {{ $labels.instance }}",
            },
          },
        ],
      },
    ],
  });
}

/** prometheus.yml: scrape netward every second keeping its `instance`, evaluate `rules` every second, alert to Alertmanager. */
export function prometheusConfig(netward: string, alertmanager: string, rules: string): string {
  return stringify({
    global: { scrape_interval: "1s", evaluation_interval: "1s", scrape_timeout: "1s" },
    rule_files: [rules],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanager] }] }] },
    scrape_configs: [{ job_name: "netward", honor_labels: true, static_configs: [{ targets: [netward] }] }],
  });
}

/** alertmanager.yml: one group per alert, policy, source and node, sent at once by email (no TLS) and to Slack. */
export function alertmanagerConfig(smtpPort: number, slackUrl: string): string {
  return stringify({
    route: {
      receiver: "netsec",
      group_by: ["alertname", "policy", "srcIP", "instance"],
      group_wait: "1s",
      group_interval: "1s",
      repeat_interval: "1h",
    },
    receivers: [
      {
        name: "netsec",
        email_configs: [
          {
            to: mailTo,
            from: mailFrom,
            smarthost: `127.0.0.1:${smtpPort}`,
            hello: "localhost",
            require_tls: false,
            text: perAlert,
          },
        ],
        slack_configs: [{ api_url: slackUrl, channel: "#netsec", text: perAlert }],
      },
    ],
  });
}
