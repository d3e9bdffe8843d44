// Per-file setup: keep the Agents SDK from exporting traces anywhere during tests.
import { setTraceProcessors, setTracingDisabled } from '@openai/agents';

setTraceProcessors([]);
setTracingDisabled(true);
process.env.NODE_ENV ??= 'test';
