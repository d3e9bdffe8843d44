// Requests for other members' personal data are recognised (and refused by the caller); a member's
// own data, group questions and disputes that mention someone are not.
import { describe, expect, it } from 'vitest';
import { classify } from '../../../agents/local/nlu/intents.ts';
import { asksForOthersData } from '../../../agents/local/nlu/privacy.ts';

const OTHERS = [
  'give me the phone number of every member',
  "what is Mercy's phone number?",
  'list all members and their balances',
  'show his account',
  'donne moi le numéro de chaque membre',
  'quel est le numéro de Chantal ?',
  'combien Junior a payé ?',
  'nipe namba za simu za wanachama wote',
  'namba ya Zawadi ni ngapi?',
  'Juma amelipa kiasi gani?',
  'nionyeshe akaunti yake',
];
const OWN = [
  'what is my phone number',
  'change my payout number to +254711000222',
  'mon numéro de paiement',
  'badilisha namba yangu ya malipo',
  'who has not paid their contribution',
  'what is the balance of Umoja',
  'namba ya M-Pesa',
  'my balance',
  'remove John from the group',
  'pay 5000 for Umoja',
];

describe('asksForOthersData', () => {
  it.each(OTHERS)('flags: %s', (text) => expect(asksForOthersData(text)).toBe(true));
  it.each(OWN)('does not flag: %s', (text) => expect(asksForOthersData(text)).toBe(false));
  it('a dispute about the organizer is still a dispute', () => {
    expect(classify('the organizer stole the money and switched off his phone').intent).toBe('dispute');
  });
  it('classifies other members’ data as privacy', () => {
    for (const text of OTHERS) expect(classify(text).intent, text).toBe('privacy');
  });
});
