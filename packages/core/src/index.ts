// Public surface of @netward/core: pure policy model, selectors and validation, with no I/O.
export * from "./model/issue.js";
export * from "./model/issue-codes.js";
export * from "./model/source.js";
export * from "./model/k8s.js";
export * from "./model/calico.js";
export * from "./model/admin.js";
export * from "./model/snapshot.js";
export * from "./schema/path.js";
export type { Part } from "./schema/schema.js";
export * from "./schema/suggest.js";
export * from "./net/ip.js";
export * from "./selector/index.js";
export { loadDocuments, type LoadOptions, type LoadedObject, type LoadResult } from "./load/loader.js";
export { buildSnapshot, builtInTiers } from "./load/build-snapshot.js";
export { kinds, type KindInfo } from "./load/registry.js";
export type { CalicoVersion } from "./load/kinds/calico-names.js";
export * from "./eval/types.js";
export * from "./eval/flow-spec-parse.js";
export { compileSnapshot, evaluateFlow, resolveEndpoint, type Engine } from "./eval/engine.js";
export * from "./testscript/index.js";
export { explainVerdict, policyName } from "./eval/explain.js";
export { flowLogPolicyStrings } from "./eval/flow-log.js";
export {
  endpointsFor,
  findPolicies,
  policiesFor,
  type ListedPolicy,
  type PoliciesFor,
  type TierListing,
} from "./reach/policy-queries.js";
export * from "./sets/intervals.js";
export * from "./sets/conn-set.js";
export * from "./sets/ip-ranges.js";
export { endpointPeers, peerLabel, type Peer, type ReachMode, type ReachPeer } from "./reach/peers.js";
export {
  Reachability,
  type ReachConnection,
  type ReachFilter,
  type ReachOptions,
} from "./reach/reachability.js";
export { ReachIndex, type ReachIndexOptions } from "./reach/reach-index.js";
export type { SideConns } from "./reach/side-conns.js";
export { lintSnapshot, type LintOptions } from "./lint/lint.js";
export type { FieldLocator } from "./lint/context.js";
export { lintCodes } from "./lint/lint-codes.js";
export {
  ReachDiff,
  type ChangeExample,
  type ChangePart,
  type DiffFilter,
  type DiffSide,
  type ReachChange,
} from "./reach/diff.js";
export { describeDecision, formatPortExample, type PortExample } from "./reach/diff-explain.js";
export {
  EXPOSURE_NAMESPACE_PREFIX,
  exposureConnections,
  hypotheticals,
  withHypotheticals,
  type Hypothetical,
} from "./reach/exposure.js";
export * from "./flows/flow.js";
export * from "./flows/parser.js";
export { flowIssueCodes } from "./flows/flow-issue-codes.js";
export { resolveEnd, type ResolvedEnd } from "./flows/enrich.js";
export { attributeFlow, Attributor, type AttributedFlow } from "./flows/attribute.js";
export { EngineHistory } from "./flows/history.js";
export { previewFlows, type FlowPreview, type PreviewChange, type PreviewGroup } from "./flows/preview.js";
export {
  aggregateFlows,
  mergeAggregated,
  withWorkloadNames,
  type AggregatedFlow,
  type AggregationLevel,
  type AggregationOptions,
} from "./flows/aggregate.js";
export {
  matchFlowQuery,
  parseFlowQuery,
  type Query,
  type QueryError,
  type QueryOperator,
} from "./flows/flow-query.js";
export { kernelLogParser, type KernelLogOptions } from "./flows/kernel-log.js";
export type { PrefixOptions } from "./flows/kernel-log-prefix.js";
export { parseRfc3339 } from "./flows/time.js";
export { hubbleParser } from "./flows/hubble.js";
export { parseCapture, MAX_CAPTURE_WARNINGS, type CaptureOptions } from "./flows/pcap.js";
export { DEFAULT_BUCKET_MS } from "./flows/flow-buckets.js";
export { calicoFlowLogParser } from "./flows/calico-flowlog.js";
export { whiskerParser } from "./flows/whisker.js";
export { parseWhiskerDocument } from "./flows/whisker-document.js";
export { netwardJsonlParser } from "./flows/netward-jsonl.js";
export * from "./rules/index.js";
export { fingerprint } from "./alerts/fingerprint.js";
export * from "./alerts/silences.js";
export * from "./alerts/inhibition.js";
export * from "./alerts/aggregation-group.js";
export * from "./alerts/dispatcher.js";
export * from "./alerts/matchers.js";
export { compileRe2 } from "./alerts/re2.js";
export * from "./alerts/route-config.js";
export * from "./alerts/routing.js";
export * from "./alerts/flow-record-fields.js";
export * from "./alerts/global-alert.js";
export * from "./alerts/alert-evaluation.js";
export * from "./alerts/alert-state.js";
export * from "./alerts/alert-window.js";
