import { MemorySession, Runner, setTraceProcessors, setTracingDisabled } from '@openai/agents';
import { buildAgentGraph } from '../../agents/graph.ts';
import { LocalModelProvider } from '../../agents/local/model.ts';
import { makeCommonTools } from '../../tools/common.ts';
setTraceProcessors([]);
setTracingDisabled(true);
const services: any = {
  members: { profile: async () => ({ name: 'x', remindersPaused: false }), setRemindersPaused: async () => {} },
  status: { summary: async () => ({ groups: [] }) },
  support: {},
  flows: {},
};
const graph = buildAgentGraph({ common: makeCommonTools(services), triage: [], setup: [], payments: [], disputes: [], admin: [] });
const runner = new Runner({ modelProvider: new LocalModelProvider(), traceIncludeSensitiveData: false });
const ctx: any = {
  memberId: 'usr_1',
  chatId: 'c',
  phoneMasked: 'x',
  country: 'KE',
  locale: 'en',
  roles: ['member'],
  onboarded: true,
  onboardingStep: 'done',
  groupIds: [],
  flow: null,
  now: new Date().toISOString(),
  requestId: 'r',
  inboundText: 'menu',
};
const t0 = performance.now();
const N = 600;
for (let i = 0; i < N; i++) await runner.run(graph.triage, i % 2 ? 'menu' : 'help', { context: { ...ctx, requestId: 'r' + i }, session: new MemorySession() });
console.log('fresh session', ((performance.now() - t0) / N).toFixed(2), 'ms/run');
