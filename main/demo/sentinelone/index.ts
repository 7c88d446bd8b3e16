export { DEMO_S1_TOKENS, S1_API_PREFIX } from './constants';
export { MAX_FAULT_LATENCY_MS } from './fault-rules';
export type {
  DemoFaultKind,
  DemoFaultRule,
  DemoFaultRuleState,
  DemoRequestLogEntry,
  SentinelOneDemo,
  SentinelOneDemoOptions,
} from './types';
export { startSentinelOneDemo } from './server';
