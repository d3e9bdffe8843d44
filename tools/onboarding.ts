// Onboarding by conversation (spec 3.1): language choice, then the display name. The PIN steps that
// follow are handled by the server outside any model (a PIN never enters a model request).
import { z } from 'zod';
import { t } from '../core/i18n/index.ts';
import { parseDisplayName, parseLanguageChoice } from '../core/identity/onboarding.ts';
import { guardedTool } from './guard.ts';
import { reply } from './reply.ts';
import type { ToolServices } from './services.ts';

export function makeOnboardingTools(s: ToolServices) {
  return [
    guardedTool({
      name: 'onboarding_answer',
      description: "Advance onboarding with the member's answer (language choice, then display name). Pass the member's message as is.",
      parameters: z.object({ answer: z.string().max(200) }),
      execute: async ({ answer }, ctx) => {
        const step = ctx.onboardingStep;
        if (step === 'language') {
          const chosen = parseLanguageChoice(answer);
          // Plain text, not buttons: the spec's welcome (12.1) asks for 1, 2 or 3, which works on every client.
          if (!chosen) return reply(t(ctx.locale, 'onboarding.welcome_anonymous'));
          await s.members.setLocale(ctx.memberId, chosen);
          await s.members.setOnboardingStep(ctx.memberId, 'name');
          return reply(t(chosen, 'onboarding.ask_name'));
        }
        if (step === 'name') {
          const name = parseDisplayName(answer);
          if (!name) return reply(t(ctx.locale, 'onboarding.name_invalid', { max: '40' }));
          await s.members.setName(ctx.memberId, name);
          await s.members.setOnboardingStep(ctx.memberId, 'pin');
          return reply(t(ctx.locale, 'onboarding.ask_pin', { name }));
        }
        // PIN steps are the server's; reaching here means the member typed something else.
        return reply(t(ctx.locale, step === 'pin_confirm' ? 'onboarding.confirm_pin' : 'onboarding.pin_invalid'));
      },
    }),
  ];
}
