// The schema of netward.yaml, the serve config file: every field, its type and checks, and which values are secrets.
import type { FieldPath } from "@netward/core";
import { alertRules, alertRoute, inhibitRule, nonEmpty, rulesNeedRoute, unique } from "./alerting-schema.js";
import { fieldName } from "./check-config.js";
import type { ConfigReport } from "./config-nodes.js";
import { bool, fields, int, list, oneOf, secret, text } from "./config-nodes.js";
import { durationText, hostPort, httpURL, mailAddresses, namespaceName, plainName } from "./config-checks.js";

const port = int(0, 65535);

/** A password is sent only with a user name. */
function passwordNeedsUser(
  email: Readonly<Record<string, unknown>>,
  path: FieldPath,
  report: ConfigReport,
): void {
  if (email.authPassword !== undefined && email.authUsername === undefined)
    report(
      {
        code: "conflicting-fields",
        message: `${fieldName(path)} has authPassword but no authUsername`,
        fix: "add authUsername",
      },
      [...path, "authPassword"],
      "key",
    );
}

const receiver = fields(
  {
    name: text(plainName),
    slack: fields({ apiURL: secret(httpURL), channel: text(), username: text(), sendResolved: bool() }, [
      "apiURL",
    ]),
    email: fields(
      {
        smarthost: text(hostPort),
        from: text(mailAddresses),
        to: text(mailAddresses),
        authUsername: text(),
        authPassword: secret(),
        requireTLS: bool(),
        sendResolved: bool(),
      },
      ["smarthost", "from", "to"],
      passwordNeedsUser,
    ),
    webhook: fields({ url: secret(httpURL), sendResolved: bool() }, ["url"]),
    alertmanager: fields({ urls: list(secret(httpURL), nonEmpty("an Alertmanager URL")) }, ["urls"]),
  },
  ["name"],
);

/** The `alerting:` section: receivers, GlobalAlert rules, Alertmanager's route and inhibit rules. */
const alerting = fields(
  {
    receivers: list(receiver, unique("receiver", ["name"])),
    rules: alertRules,
    route: alertRoute,
    inhibit_rules: list(inhibitRule),
    externalURL: text(httpURL),
  },
  [],
  rulesNeedRoute,
);

/** The whole config file; every field is optional. */
export const configSchema = fields({
  listen: fields({ host: text(), port }),
  data: text(),
  tokenFile: text(),
  maxBodyBytes: int(1024),
  manifests: list(text()),
  calicoVersion: oneOf("v3.31", "v3.32"),
  namespace: text(namespaceName),
  syslog: fields({ udpPort: port, tcpPort: port }),
  replay: fields({ files: list(text()), every: text(durationText) }),
  follow: list(text()),
  metrics: fields({ instance: text(), seriesCap: int(1) }),
  alerting,
});
