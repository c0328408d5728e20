// The denied-ping scenario: manifests where Calico policy default.test denies ICMP egress from the multitool pod, and the kernel LOG lines of its pings.

/** The node the multitool pod runs on; it is the syslog host of the LOG lines and so the metric's `instance`. */
export const node = "node-e2e-1";
/** The multitool pod's address, the `srcIP` of the denials. */
export const podIP = "10.244.7.9";
/** Where the pod pings (outside the cluster). */
export const destination = "8.8.8.8";
/** The `policy` label netward gives the denials: tier, namespace/name, index of the Deny rule, deny. */
export const deniedPolicy = "default|default/default.test|1|deny";

/** A pod of the multitool kind (label run=multitool, so default.test covers it) on the scenario's node. */
export function podManifest(name: string, ip: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: default
  labels:
    run: multitool
spec:
  nodeName: ${node}
  containers:
    - name: ${name}
      image: wbitt/network-multitool
status:
  phase: Running
  podIP: ${ip}
  podIPs:
    - ip: ${ip}
`;
}

/** The manifests: the namespace, the pod, and the policy that logs and denies ICMP egress but allows the rest. */
export const manifests = `apiVersion: v1
kind: Namespace
metadata:
  name: default
  labels:
    kubernetes.io/metadata.name: default
---
${podManifest("multitool", podIP)}---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: default.test
  namespace: default
spec:
  tier: default
  order: 100
  selector: run == "multitool"
  types:
    - Egress
  egress:
    - action: Log
      protocol: ICMP
    - action: Deny
      protocol: ICMP
    - action: Allow
`;

/** The RFC 5424 syslog message of the kernel LOG line for echo request `seq` from the pod, stamped `at`. */
export function deniedPingLine(seq: number, at: Date): string {
  const packet =
    `IN=cali7e1f3a9c2d4 OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:5a:2c:91:0e:4b:d7:08:00 SRC=${podIP} DST=${destination} ` +
    `LEN=84 TOS=0x00 PREC=0x00 TTL=63 ID=${40_000 + seq} DF PROTO=ICMP TYPE=8 CODE=0 ID=4711 SEQ=${seq} `;
  return `<4>1 ${at.toISOString()} ${node} kernel - - - [86512.${String(seq).padStart(6, "0")}] calico-packet: ${packet}`;
}
