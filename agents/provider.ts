// Chooses the model: the offline local model by default, an OpenAI (or OpenAI-compatible) model when
// OPENAI_API_KEY is set. Agents name a logical key ('triage', 'payments', …); only this file maps it.
import { getDefaultModel, type Model, type ModelProvider, OpenAIChatCompletionsModel, OpenAIResponsesModel } from '@openai/agents';
import OpenAI from 'openai';
import { LocalModelProvider } from './local/model.ts';

export type ModelConfig = { OPENAI_API_KEY?: string; OPENAI_BASE_URL?: string; OPENAI_MODEL?: string; OPENAI_API?: 'responses' | 'chat_completions' };

export function createModelProvider(cfg: ModelConfig): { provider: ModelProvider; name: string } {
  if (!cfg.OPENAI_API_KEY) return { provider: new LocalModelProvider(), name: 'local' };
  const client = new OpenAI({ apiKey: cfg.OPENAI_API_KEY, baseURL: cfg.OPENAI_BASE_URL, maxRetries: 2, timeout: 30_000 });
  const modelName = cfg.OPENAI_MODEL ?? getDefaultModel();
  const model: Model = cfg.OPENAI_API === 'chat_completions' ? new OpenAIChatCompletionsModel(client, modelName) : new OpenAIResponsesModel(client, modelName);
  return { provider: { getModel: () => model }, name: `openai:${modelName}` };
}
