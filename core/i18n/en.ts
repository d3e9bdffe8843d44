// English catalogue: the source of truth for message keys; fr and sw must define every key here.
// WhatsApp formatting: *bold*, _italic_. Vars are {{snake_case}}; amounts arrive pre-formatted.

export const en = {
  // ── Buttons (WhatsApp reply buttons: title ≤ 20 characters, ≤ 3 per message) ──
  'button.pay_now': 'Pay now',
  'button.status': 'Status',
  'button.help': 'Help',
  'button.menu': 'Menu',
  'button.confirm': 'Confirm',
  'button.cancel': 'Cancel',
  'button.agree': 'Agree',
  'button.rules': 'Rules',
  'button.start': 'Start',
  'button.ok': 'OK',
  'button.dispute': 'Dispute',
  'button.yes': 'Yes',
  'button.no': 'No',
  'button.skip': 'Skip',
  'button.english': 'English',
  'button.french': 'Français',
  'button.swahili': 'Kiswahili',
  'button.mobile_money': 'Mobile Money',
  'button.card': 'Card / Bank',
  'button.weekly': 'Weekly',
  'button.biweekly': 'Every 2 weeks',
  'button.monthly': 'Monthly',
  'button.resume_reminders': 'Resume reminders',
  'button.talk_to_agent': 'Talk to an agent',
  'button.my_number': 'Use my number',

  // ── Vocabulary used inside other texts ──
  'frequency.weekly': 'weekly',
  'frequency.biweekly': 'every two weeks',
  'frequency.monthly': 'monthly',
  'payout_order.random': 'random draw (verifiable)',
  'payout_order.chosen': 'members choose their turn',
  'payout_order.auction': 'auction (bids each cycle)',
  'payout_order.manual': 'set by the organizer',
  'late_fee.none': 'none',
  'late_fee.fixed': '{{amount}} {{currency}}',
  'late_fee.percent': '{{percent}}% of the contribution',
  'role.member': 'member',
  'role.organizer': 'organizer',
  'role.admin': 'group admin',
  'role.platform_admin': 'platform admin',
  'contribution_status.paid': 'paid ✅',
  'contribution_status.pending': 'not yet paid',
  'contribution_status.late': 'overdue ⚠️',
  'contribution_status.not_due': 'not due yet',
  'reminders_state.on': 'on 🔔',
  'reminders_state.off': 'paused 🔕',
  'dispute_type.paid_not_recorded': 'I paid but it was not recorded',
  'dispute_type.wrong_recipient': 'Payout went to the wrong person',
  'dispute_type.organizer_fraud': 'Organizer fraud',
  'dispute_type.other': 'Something else',
  'date.today': 'today',
  'date.tomorrow': 'tomorrow',

  // ── Onboarding (spec 3.1, template 12.1) ──
  'onboarding.welcome': `👋 Hi {{name}}! Welcome to *Likelemba* — save money together with your community.
Choose language:
1️⃣ English  2️⃣ Français  3️⃣ Kiswahili
Reply with *1, 2, or 3*.`,
  'onboarding.welcome_anonymous': `👋 Hi! Welcome to *Likelemba* — save money together with your community.
Choose language:
1️⃣ English  2️⃣ Français  3️⃣ Kiswahili
Reply with *1, 2, or 3*.`,
  'onboarding.language_invalid': 'Please reply with *1*, *2* or *3*:\n1️⃣ English  2️⃣ Français  3️⃣ Kiswahili',
  'onboarding.ask_name': '😊 Great! What name should your group members see?\n(Example: *Amina W.*)',
  'onboarding.name_invalid': 'Please send a name between 2 and {{max}} characters.',
  'onboarding.ask_pin': `🔐 Nice to meet you, {{name}}!
Now choose a secret *PIN of 4 to 6 digits*. I will ask for it before sensitive actions (payout changes, refunds, removing members).
Tip: delete your PIN message from this chat after sending it.`,
  'onboarding.pin_invalid': 'A PIN is *4 to 6 digits*, numbers only. Please try again.',
  'onboarding.pin_too_simple': 'That PIN is too easy to guess (like 1234 or 0000). Please choose another one.',
  'onboarding.confirm_pin': '🔁 Please send the same PIN again to confirm it.',
  'onboarding.pin_mismatch': '❌ The two PINs don’t match. Let’s start again: send a new PIN of 4 to 6 digits.',
  'onboarding.pin_set': '✅ Your PIN is set, {{name}}. You’re ready to go! 🎉\nReply *MENU* to see what you can do.',

  // ── PIN and approvals ──
  'pin.unsolicited':
    '🔐 Nothing is waiting for your PIN right now, so I ignored that message. Never share your PIN with anyone — I only ask for it right after you request a sensitive action.',
  'pin.prompt': '🔐 Reply with your PIN to confirm: {{summary}}\n(Reply *CANCEL* to stop.)',
  'pin.wrong': '❌ Wrong PIN. You have *{{remaining}}* tries left.',
  'pin.locked': `🔒 Too many wrong PINs. For your safety, sensitive actions are locked for *{{minutes}} minutes*.
Reply *HELP* if you need support.`,
  'pin.not_set': '🔐 You haven’t set a PIN yet. Reply *SETTINGS* to create one — it protects your money.',
  'pin.change_ask_current': '🔐 To change your PIN, first send your current PIN.',
  'pin.changed': '✅ Your PIN has been changed.',
  'approval.confirmed': '✅ Confirmed. Done!',
  'approval.cancelled': '👍 Cancelled. Nothing was changed.',
  'approval.expired': '⌛ That confirmation expired, so nothing was changed. Just ask again when you’re ready.',
  'approval.summary.remove_member': 'remove *{{member_name}}* from *{{group_name}}*',
  'approval.summary.change_payout_order': 'change the payout order of *{{group_name}}*',
  'approval.summary.edit_rules': 'change the rules of *{{group_name}}* ({{changes}})',
  'approval.summary.start_group': 'start *{{group_name}}* and fix its payout order',
  'approval.summary.refund': 'refund *{{amount}} {{currency}}* to *{{member_name}}*',
  'approval.summary.waive_late_fee': 'waive the late fee of *{{fee}}* for *{{member_name}}*',
  'approval.summary.change_pin': 'change your PIN',
  'approval.summary.set_payout_destination': 'send your future payouts to *{{destination}}*',

  // ── Menus (spec 7.2, 7.3, 7.4, template 12.2) ──
  'menu.main.title': '✅ *Menu*',
  'menu.group_admin.title': '🛠️ *Group admin — {{group_name}}*',
  'menu.platform_admin.title': '🛡️ *Platform admin*',
  'menu.settings.title': '⚙️ *Settings*',
  'menu.footer': 'Reply with a number.',
  'menu.item.my_groups': 'My Groups',
  'menu.item.pay': 'Pay Contribution',
  'menu.item.next_payout': 'Next Payout',
  'menu.item.receipts': 'My Receipts',
  'menu.item.support': 'Support',
  'menu.item.settings': 'Settings',
  'menu.item.group_admin': 'Group admin',
  'menu.item.create_group': 'Create Group',
  'menu.item.manage_members': 'Manage Members',
  'menu.item.edit_rules': 'Edit Rules',
  'menu.item.cycle_status': 'Cycle Status',
  'menu.item.approve_exceptions': 'Approve Exceptions',
  'menu.item.reports': 'Reports',
  'menu.item.search_user': 'Search User',
  'menu.item.search_group': 'Search Group',
  'menu.item.disputes_queue': 'Disputes Queue',
  'menu.item.refund_requests': 'Refund Requests',
  'menu.item.risk_flags': 'Risk Flags',
  'menu.item.broadcast': 'Broadcast Message',
  'menu.item.config': 'Config',
  'menu.item.language': 'Language',
  'menu.item.reminders': 'Reminders on/off',
  'menu.item.change_pin': 'Change PIN',
  'menu.item.display_name': 'Display name',
  'menu.invalid_choice': 'Please reply with a number from *1* to *{{max}}*.',

  // ── Universal commands, help, status, settings ──
  'help.text': `ℹ️ *Help*
You can write to me in your own words, or use these commands anytime:
• *MENU* — show the main menu
• *HELP* — this help and support
• *STATUS* — your groups and payments
• *STOP* — pause reminders (*RESUME* turns them back on)
• *LANGUAGE* — change language
En français : MENU, AIDE, STATUT, STOP, LANGUE.
Kwa Kiswahili: MENYU, MSAADA, HALI, SITISHA, LUGHA.
Need a person? Reply *SUPPORT*. 🙏`,
  'status.summary': '📊 *Your status*\nName: *{{name}}*\nReminders: {{reminders}}\n\n{{groups}}',
  'status.group_line': '• *{{group_name}}* ({{role}}) — cycle {{cycle_no}}/{{cycles_total}}, next due *{{due_date}}*: {{contribution_status}}',
  'status.no_groups': 'You are not in any group yet. Reply *MENU* to create one, or open an invite link to join. 🌱',
  'reminders.paused': `🔕 Reminders paused. You won’t get payment reminders until you reply *RESUME*.
Your contributions are still due on time.`,
  'reminders.resumed': '🔔 Reminders are back on. I’ll let you know before each due date.',
  'language.ask': '🌍 Choose language:\n1️⃣ English  2️⃣ Français  3️⃣ Kiswahili\nReply with *1, 2, or 3*.',
  'language.changed': '✅ Done! I’ll speak English with you from now on.',
  'settings.name_changed': '✅ Your display name is now *{{name}}*.',
  'settings.ask_name': '✍️ What name should your groups see? (2–{{max}} characters)',
  'settings.change_pin_support':
    '🔐 For your safety a PIN is changed with our support team, who will confirm it is really you. Reply *SUPPORT* to reach them. Never share your PIN in chat.',

  // ── Fallbacks and guardrails ──
  'fallback.not_understood': '🤔 Sorry, I didn’t quite understand. What would you like to do?\n\n{{menu}}',
  'fallback.emoji_only': '😊 Thanks! How can I help? Reply *MENU* to see the options.',
  'fallback.too_long': '📝 That message is a bit long for me. Could you say it in a few words (under {{max_chars}} characters)?',
  'fallback.media_unsupported': '🎧 I can’t read voice notes or files here yet. Please type your message. (To send dispute evidence, open a dispute first.)',
  'refusal.not_allowed': '🚫 Sorry, your role ({{role}}) doesn’t allow that. Reply *MENU* to see what you can do.',
  'refusal.needs_organizer': '🚫 Only the organizer of *{{group_name}}* can do that. You can ask them directly, or reply *SUPPORT*.',
  'refusal.needs_platform_admin': '🚫 That action is reserved for Likelemba staff.',
  'refusal.needs_pin': '🔐 For your safety, this action needs your PIN. I’ll ask for it before anything changes.',
  'refusal.illegal': '🙅 I can’t help with that. I can help you save safely with your group — reply *MENU* to see how.',
  'offtopic.reply': '🙂 I’m the Likelemba assistant, here for your savings groups: contributions, payouts, receipts and support. Reply *MENU* to get started.',
  'abuse.reply': '🙏 Let’s keep our conversation respectful. I’m here to help with your savings group whenever you’re ready.',
  'injection.refusal':
    '🛡️ I can’t change my rules or act beyond your permissions. Money moves only by your group’s rules, with your confirmation. How else can I help?',
  'common.error': '😕 Something went wrong on our side. Nothing was charged or changed — please try again in a moment.',
  'common.choose_group': '👥 Which group?\n{{groups}}\nReply with a number.',
  'common.list_line': '{{number}}) {{text}}',
  'common.rate_limited': '⏳ You’re sending messages quickly — give me a moment and try again.',

  // ── Create group (spec 3.2, templates 12.3, 12.4) ──
  'group_create.ask_name': '🧩 *Create a new group*\nWhat should we call your group?\n(Example: _Family Circle_, _Friends Savings_, _Market Women_)',
  'group_create.name_invalid': 'Please choose a group name between 2 and {{max}} characters.',
  'group_create.ask_amount': '💵 How much does each member contribute per cycle?\n(Example: *5000 {{currency}}*)',
  'group_create.amount_invalid': 'I couldn’t read that amount. Please send a number and currency, e.g. *5000 {{currency}}*.',
  'group_create.currency_unsupported': 'Sorry, *{{currency}}* isn’t supported yet. We support: {{currencies}}.',
  'group_create.ask_frequency': '📆 How often do members contribute?\n1) Weekly\n2) Every two weeks\n3) Monthly',
  'group_create.ask_start_date': '🗓️ When is the first contribution due?\n(Example: _next Friday_, _1 March_, or *2026-12-04*)',
  'group_create.start_date_invalid': 'I couldn’t read that date. Try _next Friday_ or a date like *2026-12-04*.',
  'group_create.start_date_past': 'That date has already passed. Please choose a date from today on.',
  'group_create.date_understood': '📅 Got it: *{{date}}*.',
  'group_create.ask_members_count': '👥 How many members will the group have, including you? ({{min}}–{{max}})',
  'group_create.members_count_invalid': 'Please send a number between {{min}} and {{max}}.',
  'group_create.ask_payout_order': `🔄 How do you want to decide who receives the pot each cycle?
1) 🎲 Random — a verifiable draw when the group starts
2) ✋ Choose — each member picks a free turn
3) 🔨 Auction — members bid each cycle; the discount is shared
4) 📝 Manual — you set the order`,
  'group_create.ask_late_fee': '⏱️ Late fee if someone pays after the grace period?\n(Example: *200 {{currency}}*, *5%*, or *0* for none)',
  'group_create.late_fee_invalid': 'Please send an amount (e.g. *200*), a percentage up to {{max_percent}}% (e.g. *5%*), or *0* for none.',
  'group_create.ask_grace_days': '🤝 How many grace days after the due date before a payment counts as late? (0–{{max}})',
  'group_create.grace_days_invalid': 'Please send a number of days between 0 and {{max}}.',
  'group_create.ask_quorum': '🎯 What share of contributions must be in before a payout is released? (Default *100%*)',
  'group_create.quorum_invalid': 'Please send a percentage between {{min}}% and 100%.',
  'group_create.summary': `📋 *Group summary*
*{{group_name}}*
• Contribution: *{{amount}} {{currency}}* ({{frequency}})
• First due date: *{{start_date}}*
• Members: *{{members_count}}*
• Payout order: *{{payout_rule}}*
• Late fee: *{{late_fee}}* after *{{grace_days}}* grace day(s)
• Payout released when *{{quorum}}%* have paid
• Platform fee: *{{platform_fee}}*

Reply *CONFIRM* to create the group, or tell me what to change.`,
  'group_create.correction_applied': '✏️ Updated: {{field}}.',
  'group_create.cancelled': '👍 Group creation cancelled. Nothing was created.',
  'group.created': `🎉 *Group created!*
*{{group_name}}*
• Contribution: *{{amount}} {{currency}}* ({{frequency}})
• Starts: *{{start_date}}*
• Payout: *{{payout_rule}}*

Invite members using this link:
{{invite_link}}

Reply *RULES* to view full rules or *START* when everyone has joined.`,
  'group.commitment_published': `🔒 Your payout order will be drawn fairly. Sealed fingerprint of the draw:
\`{{commitment}}\`
When the group starts I’ll reveal the secret behind it so everyone can check the order.`,
  'group.invite_text': `👋 Join my savings group *{{group_name}}* on Likelemba!
{{amount}} {{currency}} {{frequency}}, {{members_count}} members.
Tap to join: {{invite_link}}
(or send *JOIN {{code}}* to {{bot_number}})`,
  'group.invite_qr_caption': '📷 Scan to join *{{group_name}}* (code *{{code}}*).',
  'group.rules': `📜 *Rules — {{group_name}}*
• Contribution: *{{amount}} {{currency}}* ({{frequency}}), due by *{{due_time}}* on the due date
• First due date: *{{start_date}}*
• Members: *{{members_count}}*
• Payout order: *{{payout_rule}}*
• Grace period: *{{grace_days}}* day(s), then late fee *{{late_fee}}*
• Payout released when *{{quorum}}%* have paid
• Money is held in escrow and released only by these rules.`,
  'group.rules_updated': '📜 The rules of *{{group_name}}* were updated by {{actor_name}}:\n{{changes}}',

  // ── Join (spec 3.3, template 12.5) ──
  'join.invited': `🤝 You’ve been invited to *{{group_name}}*.
Contribution: *{{amount}} {{currency}}* ({{frequency}})
Rules: late fee *{{late_fee}}*, grace period *{{grace_days}}* days.

Reply *AGREE* to join, or *RULES* to see details.`,
  'join.welcome': `🎉 Welcome to *{{group_name}}*! You’re member {{members_joined}} of {{members_count}}.
I’ll remind you before each contribution is due.`,
  'join.already_member': '😊 You’re already a member of *{{group_name}}*. Reply *STATUS* to see it.',
  'join.group_full': '😕 Sorry, *{{group_name}}* is full ({{members_count}} members). Ask the organizer about the next round.',
  'join.code_unknown': '🤔 I couldn’t find a group with code *{{code}}*. Please check the link with the person who invited you.',
  'join.code_expired': '⌛ This invite link has expired. Ask the organizer of the group for a new one.',
  'join.group_not_open': '🔒 *{{group_name}}* is not accepting new members right now (it has already started or was closed).',
  'join.organizer_notified': '👋 *{{member_name}}* joined *{{group_name}}* ({{members_joined}}/{{members_count}}).',
  'join.all_joined': '🥳 Everyone has joined *{{group_name}}* ({{members_count}}/{{members_count}}). Reply *START* to begin!',

  // ── Start and payout order (issue #4 §3–4) ──
  'group.start_confirm': `🚀 Start *{{group_name}}* with *{{members_joined}}* members?
First contribution due *{{first_due_date}}*. The payout order will be fixed now.
Reply *CONFIRM* to start.`,
  'group.start_not_enough': '⏳ *{{group_name}}* has {{members_joined}} of {{members_count}} members. Everyone must join before you start.',
  'group.started': `🚀 *{{group_name}}* has started!
First contribution: *{{amount}} {{currency}}* due *{{due_date}}*.
Your payout turn: *{{turn}}* of {{members_count}}, on *{{payout_date}}*. 💰`,
  'group.started_auction': `🚀 *{{group_name}}* has started!
First contribution: *{{amount}} {{currency}}* due *{{due_date}}*.
Each cycle, members who haven’t received yet can bid for the pot. I’ll tell you when bidding opens. 🔨`,
  'group.order_reveal': `🎲 *Payout order — {{group_name}}*
{{order_lines}}

🔍 Verify it yourself:
Secret seed: \`{{seed}}\`
Fingerprint published at creation: \`{{commitment}}\`
sha256(seed) must equal the fingerprint, and each member’s place comes from sorting sha256(seed + member id).`,
  'group.order_line': '{{position}}. {{member_name}} — {{payout_date}}',
  'order.choose_slot': '✋ Pick your payout turn in *{{group_name}}*.\nFree turns: {{free_slots}}\nReply with a number.',
  'order.slot_taken': '😕 Turn {{slot}} is already taken. Free turns: {{free_slots}}.',
  'order.slot_confirmed': '✅ You’ll receive the pot at turn *{{slot}}*, on *{{payout_date}}*.',
  'order.changed': '⚠️ The payout order of *{{group_name}}* was changed by {{actor_name}}:\n{{order_lines}}',
  'member.removed': 'ℹ️ *{{member_name}}* was removed from *{{group_name}}* by {{actor_name}}.',
  'member.removed_you': 'ℹ️ You were removed from *{{group_name}}* by {{actor_name}}. Reply *SUPPORT* if you think this is a mistake.',
  'member.remove_refused_received':
    '🚫 *{{member_name}}* has already received the pot and still owes *{{amount}} {{currency}}*. They can’t be removed until that is settled.',
  'member.remove_refused_organizer': '🚫 The organizer can’t be removed from the group.',

  // ── Auction (chit fund style) ──
  'auction.open': `🔨 *Bidding is open — {{group_name}}, cycle {{cycle_no}}*
Pot: *{{pot}}*. Reply with the discount you accept to receive it now (maximum *{{max_discount}}*).
The highest discount wins and is shared among the other members. Bidding closes *{{closes_at}}*.`,
  'auction.bid_received': '✅ Bid received: discount *{{discount}}*. You can change it until bidding closes.',
  'auction.bid_invalid': 'Please send a discount between 0 and *{{max_discount}}*.',
  'auction.not_eligible': 'ℹ️ You’ve already received the pot in *{{group_name}}*, so you can’t bid again.',
  'auction.won': '🏆 You won this cycle’s pot in *{{group_name}}*!\nYou’ll receive *{{payout}}* (pot {{pot}} − discount {{discount}}) on *{{payout_date}}*.',
  'auction.won_fee':
    '🏆 You won this cycle’s pot in *{{group_name}}*!\nYou’ll receive *{{payout}}* (pot {{pot}} − discount {{discount}} − platform fee {{fee}}) on *{{payout_date}}*.',
  'auction.dividend_credited':
    '🎁 *{{group_name}}*: your dividend of *{{dividend}}* from cycle {{cycle_no}} is credited to you. Your next contribution is *{{amount}}*, due *{{due_date}}*.',
  'auction.dividend_held':
    '🎁 *{{group_name}}*: your dividend of *{{dividend}}* from cycle {{cycle_no}} is held safely for you in escrow. You have no contribution left to take it off, so it will be sent to your mobile money when the group completes. Reply *SUPPORT* with any question.',
  'auction.credit_paid_out_completed':
    '🎁 *{{group_name}}* has completed, and your remaining dividend credit of *{{amount}}* had no contribution left to come off. It is on its way to {{destination}}.\nRef: *{{payout_ref}}*',
  'auction.credit_paid_out_cancelled':
    '🎁 *{{group_name}}* was cancelled, so your remaining dividend credit of *{{amount}}* is on its way to {{destination}}.\nRef: *{{payout_ref}}*',
  'auction.credit_paid_out_removed':
    '🎁 You are no longer in *{{group_name}}*, so your remaining dividend credit of *{{amount}}* is on its way to {{destination}}.\nRef: *{{payout_ref}}*',
  'auction.credit_sent': '✅ *{{group_name}}*: your dividend credit of *{{amount}}* has been paid to {{destination}}.\nRef: *{{payout_ref}}*',
  'auction.result': `🔨 *{{group_name}}, cycle {{cycle_no}}*: *{{winner_name}}* wins the pot with a discount of *{{discount}}*.
Your dividend of *{{dividend}}* comes off your next contribution when the pot is paid out. 🎁`,
  'auction.no_bids': '🎲 No bids this cycle in *{{group_name}}*, so the pot goes by draw to *{{winner_name}}* with no discount.',
  'auction.none_open': 'ℹ️ No bidding is open in your groups right now. I’ll message you when the next one opens. 🔨',
  'auction.last_turn':
    '🔨 *{{group_name}}*, cycle {{cycle_no}}: *{{winner_name}}* is the last member who hasn’t received the pot, so they receive it in full, with no bidding.',
  'auction.tie_by_lot': '🎲 Several members offered the same discount, so the winner was drawn by lot (verifiable with the group’s seed).',
  'group.start_date_passed':
    '📅 The first contribution date of *{{group_name}}* (*{{first_due_date}}*) has already passed. Change the start date first (EDIT RULES), then START again.',

  // ── Reminders, penalties, quorum, payouts (templates 12.6, 12.11–12.14) ──
  'reminder.due': `⏰ *Payment reminder — {{group_name}}*
Hi {{name}}, your contribution of *{{amount}} {{currency}}* is due on *{{due_date}}*.

Reply:
*PAY* to pay now ✅
*STATUS* to see your history
*HELP* if you have an issue`,
  'reminder.due_today': `⏰ *Due today — {{group_name}}*
Hi {{name}}, your contribution of *{{amount}} {{currency}}* is due today by *{{due_time}}*.

Reply *PAY* to pay now ✅ or *HELP* if you have an issue.`,
  'reminder.overdue': `👀 Quick reminder, {{name}}
Your contribution for *{{group_name}}* is overdue by *{{days_late}}* day(s).
Amount due: *{{amount}} {{currency}}*

Reply *PAY* to settle now, or *HELP* if you need assistance.`,
  'late_fee.applied': `⚠️ A late fee of *{{fee}}* was added for *{{group_name}}* (cycle {{cycle_no}}).
Total now due: *{{total}}*. Reply *PAY* to settle, or *HELP* if you paid on time.`,
  'late_fee.waived': '✅ Your late fee of *{{fee}}* for *{{group_name}}* was waived by {{actor_name}}.',
  'late_fee.reversed': '✅ Your payment was made on time after all, so the late fee of *{{fee}}* has been reversed. Sorry for the trouble!',
  'cycle.quorum_met': `🎯 *Great news!*
*{{group_name}}* has reached the required contributions for this cycle.
Next payout: *{{payout_date}}* to *{{recipient_name}}*.`,
  'cycle.quorum_waiting': '📊 *{{group_name}}*, cycle {{cycle_no}}: {{paid_count}} of {{members_count}} have paid (need {{required_count}}).',
  'cycle.completed': '✅ Cycle {{cycle_no}} of *{{group_name}}* is complete. Next contribution due *{{next_due_date}}*.',
  'group.completed': `🏁 *{{group_name}}* has completed its full round — everyone has received the pot. Thank you all! 🙏
The organizer can start a new round from the admin menu.`,
  'payout.scheduled': `💰 *Payout scheduled*
On *{{payout_date}}*, *{{amount}} {{currency}}* will be released to *{{recipient_name}}*.

Reply *OK* to confirm, or *DISPUTE* if something is wrong.`,
  'payout.sent': '🎉 *Payout sent!*\n*{{amount}} {{currency}}* has been paid to *{{recipient_name}}* for *{{group_name}}*.\nRef: *{{payout_ref}}*',
  'payout.received_you':
    '🎉 It’s your turn, {{name}}! *{{amount}} {{currency}}* from *{{group_name}}* is on its way to {{destination}}.\nRef: *{{payout_ref}}*',
  'payout.failed':
    '⚠️ The payout to *{{recipient_name}}* for *{{group_name}}* didn’t go through. The money is safe in escrow and we’ll retry. Ref: *{{payout_ref}}*',
  'payout.held': '⏸️ The payout for *{{group_name}}* is on hold: {{reason}}. The money stays safe in escrow.',
  'payout.ask_destination':
    '📱 Which mobile money number should receive your payouts? Send it with the country code, e.g. *+254712345678*. I will ask for your PIN before changing it.',
  'payout.destination_changed':
    '📱 Your payouts will go to *{{destination}}* from *{{effective_date}}*. For your safety, changes take effect after a short waiting period. If this wasn’t you, reply *SUPPORT* now.',
  'next_payout.info':
    '💰 *Next payout — {{group_name}}*\n*{{recipient_name}}* receives *{{amount}} {{currency}}* on *{{payout_date}}*.\nYour turn: *{{your_payout_date}}*.',
  'next_payout.none': 'ℹ️ There is no upcoming payout in your groups yet.',
  'my_groups.list': '👥 *My groups*\n{{groups}}',
  'my_groups.line': '{{number}}) *{{group_name}}* — {{amount}} {{currency}} {{frequency}}, {{members_joined}}/{{members_count}} members ({{role}})',

  // ── Groups: flow fields, admin actions (issue 4) ──
  'group_create.field.name': 'group name',
  'group_create.field.amount': 'contribution',
  'group_create.field.frequency': 'frequency',
  'group_create.field.start_date': 'first due date',
  'group_create.field.members_count': 'members',
  'group_create.field.payout_order': 'payout order',
  'group_create.field.late_fee': 'late fee',
  'group_create.field.grace_days': 'grace days',
  'group_create.field.quorum': 'quorum',
  'group_create.frequency_invalid': 'Please reply *1*, *2* or *3* (weekly, every two weeks, monthly).',
  'group_create.payout_order_invalid': 'Please reply *1*, *2*, *3* or *4*.',
  'group.none_organized': 'ℹ️ You don’t organize a group yet. Say _create a group_ to start one.',
  'group.not_open': 'ℹ️ *{{group_name}}* has already started.',
  'group.start_cancelled': '👍 OK, *{{group_name}}* was not started.',
  // ── end of a group: completion and cancellation ──
  'group.completed_summary':
    '🏁 *{{group_name}} is complete!*\nAll *{{cycles}}* cycles are done and every payout was sent.\n• You contributed: *{{contributed}}*\n• Paid out to members: *{{paid_out}}*\n\nThank you for saving together 🙏 Reply *MENU* to start a new group.',
  'group.cancel_confirm':
    '⚠️ *Cancel {{group_name}}?*\nThe group has not started, so no money was collected. All {{members_joined}} member(s) will be told and the group closes for good.\n\nReply *YES* to cancel it (I’ll ask for your PIN) or *NO* to keep it.',
  'group.cancelled_done': '✅ *{{group_name}}* is cancelled. Every member has been told.',
  'group.cancelled_notice':
    '❌ *Group cancelled*\n*{{group_name}}* was cancelled by {{actor_name}} before it started. No money was collected.\n\nReply *MENU* to see what you can do.',
  'group.schedule_changed':
    '📅 *{{group_name}}*: {{member_name}} left the group, so their payout turn ({{dropped}}) is dropped. Nobody pays for it, and any money already paid for it is refunded.\nRemaining payouts:\n{{schedule}}\nThe group ends after the payout of {{end_date}}.',
  'group.schedule_line': '• {{date}}: {{recipient}}',
  'group.schedule_by_auction': 'by auction',
  'group.cancelled_notice_active':
    '❌ *Group cancelled — {{group_name}}*\nLikelemba support has cancelled this group.\n• No new contributions will be collected.\n• Money held in escrow is refunded to the payment method you used.\n\nReply *HELP* if you have a question.',
  'group.cancel_needs_admin':
    'ℹ️ *{{group_name}}* has already started and money is held in escrow, so only Likelemba support can cancel it. Say _talk to an agent_ to ask them.',
  'group.closed': 'ℹ️ *{{group_name}}* is already closed (completed or cancelled).',
  'group_state.completed': '🏁 completed',
  'group_state.cancelled': '❌ cancelled',
  'approval.summary.cancel_group': 'cancel *{{group_name}}*',
  'payment.group_cancelled':
    'ℹ️ *{{group_name}}* was cancelled, so no new contributions are collected. Money held in escrow is refunded to the payment method you used.',
  'admin.summary.cancel_group':
    'cancel *{{group_name}}* ({{status}}, {{members}} members): new contributions stop, what escrow holds ({{held}}) is refunded to the payers and leftover auction credits are paid out',
  'edit_rules.ask': `✏️ What would you like to change in *{{group_name}}*?
For example: _late fee 200_, _grace 2 days_, _quorum 80%_.`,
  'edit_rules.not_understood': '🤔 I didn’t find a rule to change in that. Try _late fee 200_ or _grace 3 days_, or *CANCEL*.',
  'edit_rules.locked': '🔒 The {{field}} can only be changed before the group starts.',
  'edit_rules.done': '✅ Rules of *{{group_name}}* updated:\n{{changes}}\nEveryone in the group has been told.',
  'member.remove_which': '👥 Who should be removed from *{{group_name}}*? Members: {{members}}',
  'member.not_found': '🤔 I couldn’t find *{{member_name}}* in *{{group_name}}*. Members: {{members}}',
  'member.removed_done': '✅ *{{member_name}}* was removed from *{{group_name}}*. Everyone has been told.',
  'order.change_ask': '📝 Send the new payout order as names separated by commas, e.g. _{{example}}_.',
  'order.change_invalid': '🤔 The new order must name every member exactly once. Members: {{members}}',
  'order.changed_done': '✅ New payout order for *{{group_name}}*:\n{{order_lines}}\nEveryone has been told.',
  'order.not_chosen_group': 'ℹ️ In *{{group_name}}* the payout order is: {{payout_rule}}. There are no turns to pick.',
  'cycle.status': '📊 *{{group_name}}* — cycle {{cycle_no}} of {{cycles_total}}, due *{{due_date}}*\n{{lines}}',
  'cycle.status_line': '• {{member_name}}: {{contribution_status}}',
  'group_admin.no_exceptions': '✅ No exceptions are waiting for your approval in *{{group_name}}*.',
  'group_admin.manage_members':
    '👥 *Members of {{group_name}}* ({{members_joined}}/{{members_count}})\n{{members}}\n\nTo remove someone, say _remove_ and their name. To invite, say _invite_.',
  'cycle.not_started': 'ℹ️ *{{group_name}}* hasn’t started yet ({{members_joined}}/{{members_count}} members).',

  // ── Payments (spec 3.4, templates 12.7–12.10) ──
  'payment.choose_method': '💳 *Choose payment method*\n1) Mobile Money (M‑Pesa / Orange / Tigo)\n2) Card/Bank (Stripe)\n\nReply *1* or *2*.',
  'payment.ask_wallet': '📱 Which mobile money number should receive the payment prompt?\nReply *1* to use {{phone_masked}}, or send another number.',
  'payment.wallet_invalid': 'That doesn’t look like a mobile money number. Please send it with the country code, e.g. *+254712345678*.',
  'payment.momo_sent': `📲 Mobile Money request sent!
Please confirm the prompt on your phone to pay *{{amount}} {{currency}}*.

I’ll notify you as soon as it’s received.
Ref: *{{payment_ref}}*`,
  'payment.stripe_link': '🔒 Secure payment link (Stripe):\n{{stripe_link}}\n\nAfter payment, you’ll receive a receipt here.',
  'payment.receipt': `✅ *Payment received*
*{{amount}} {{currency}}* for *{{group_name}}*
Date: *{{paid_at}}*
Receipt: *{{receipt_id}}*
Ledger: entry #{{ledger_seq}} · {{ledger_hash}}

Thank you, {{name}} 🙏`,
  'payment.pending':
    '⏳ Your payment *{{payment_ref}}* is still waiting for confirmation from the provider. I’ll message you as soon as it’s confirmed — no need to pay again.',
  'payment.nothing_due': '🙌 You have nothing to pay right now in *{{group_name}}*.',
  'payment.already_paid': '✅ You’ve already paid this cycle’s contribution for *{{group_name}}*. Thank you!',
  'payment.failed.insufficient_funds': '❌ Payment failed: not enough funds in your wallet for *{{amount}} {{currency}}*. Top up and reply *PAY* to try again.',
  'payment.failed.cancelled': '❌ The payment was cancelled on your phone, so nothing was charged. Reply *PAY* when you’re ready.',
  'payment.failed.timeout': '⌛ The payment prompt timed out before it was confirmed. Nothing was charged. Reply *PAY* to get a new prompt.',
  'payment.failed.wrong_pin': '❌ The mobile money PIN entered was wrong, so nothing was charged. Reply *PAY* to try again.',
  'payment.failed.generic': '❌ The payment didn’t go through and nothing was charged. Reply *PAY* to try again, or *HELP*.',
  'receipts.list': '🧾 *My receipts*\n{{receipts}}',
  'receipts.line': '• {{paid_at}} — *{{amount}} {{currency}}*, {{group_name}} ({{receipt_id}})',
  'receipts.none': '🧾 No receipts yet. They appear here after each payment.',
  'payment.choose_due': '💳 Which contribution do you want to pay?\n{{lines}}\n\nReply with a number.',
  'payment.due_line': '{{number}}) *{{group_name}}* — {{amount}} {{currency}}, due {{due_date}}',
  'payment.nothing_due_any': '🙌 You have nothing to pay right now. Thank you!',
  'payment.cancelled': '👍 OK, the payment was cancelled. Nothing was charged.',
  'payment.method_unavailable': '⚠️ That payment method is not available right now. Please choose the other one, or reply *HELP*.',
  'payment.partial':
    '🧾 We received *{{amount}} {{currency}}* for *{{group_name}}*, which is less than the contribution. *{{remaining}} {{currency}}* is still due — reply *PAY* to send the rest.\nReceipt: *{{receipt_id}}* · ledger #{{ledger_seq}} · {{ledger_hash}}',
  'payment.overpaid':
    '🧾 You paid *{{extra}} {{currency}}* more than was due for *{{group_name}}*. Your contribution is recorded, and the extra will be refunded to you after review.',
  'payment.duplicate':
    '🧾 We received a second payment of *{{amount}} {{currency}}* for *{{group_name}}* this cycle. It is safe in escrow and will be refunded to you after review.',
  'payment.review':
    '🧾 We received *{{amount}} {{currency}}* but could not add it to your contribution automatically. It is safe; our team will review it and contact you.',
  'payment.status_none': 'ℹ️ You haven’t made any payment yet. Reply *PAY* to pay a contribution.',

  // ── Refunds, disputes, support (templates 12.15–12.18) ──
  'refund.requested': `🧾 *Refund requested*
Amount: *{{amount}} {{currency}}*
Reason: *{{reason}}*

Your request is under review. We’ll update you shortly.
Ref: *{{refund_ref}}*`,
  'refund.auto_group_cancelled':
    '↩️ *{{group_name}}* was cancelled, so your payment of *{{amount}} {{currency}}* is being refunded to your payment method. Ref: *{{refund_ref}}*',
  'refund.auto_turn_dropped':
    '↩️ The payout turn you paid *{{amount}} {{currency}}* for in *{{group_name}}* was dropped (its recipient left the group), so your payment is being refunded to your payment method. Ref: *{{refund_ref}}*',
  'refund.approved': '👍 Your refund of *{{amount}} {{currency}}* was approved and is being sent. Ref: *{{refund_ref}}*',
  'refund.rejected': 'ℹ️ Your refund request *{{refund_ref}}* was not approved: {{reason}}. Reply *SUPPORT* if you’d like to talk to someone.',
  'refund.completed': '✅ *Refund completed*\n*{{amount}} {{currency}}* has been refunded to your payment method.\nRef: *{{refund_ref}}*',
  'refund.failed': '⚠️ Your refund *{{refund_ref}}* couldn’t be sent yet. The money is safe and our team is on it.',
  'dispute.ask_type':
    '🛑 *Open a dispute*\nWhat happened?\n1) I paid but it was not recorded\n2) Payout went to the wrong person\n3) Organizer fraud\n4) Something else',
  'dispute.opened': `🛑 *Dispute opened* (Ref: *{{dispute_id}}*)
Type: *{{dispute_type}}*

Please send any evidence (screenshots/receipts) here.
We may temporarily freeze related escrow funds while investigating.`,
  'dispute.evidence_received': '📎 Evidence received for dispute *{{dispute_id}}*. Thank you.',
  'dispute.funds_frozen': '🧊 Part of *{{group_name}}*’s escrow ({{amount}} {{currency}}) is frozen while dispute *{{dispute_id}}* is reviewed.',
  'dispute.resolved': '✅ Dispute *{{dispute_id}}* is resolved: {{outcome}}.',
  'support.handoff': `🧑‍💼 A support agent will assist you shortly.
In the meantime, reply with:
• *PAYMENT REF* (if you have it)
• A short description of the issue`,

  // ── Platform admin ──
  'admin.not_authorized': '🚫 This menu is only for Likelemba staff.',
  'admin.totp_prompt': '🛡️ Send the 6-digit code from your authenticator app.',
  'admin.totp_invalid': '❌ That code isn’t valid. Please try again.',
  // ── Disputes, refunds and platform admin (issue 6) ──
  'dispute_type.card_chargeback': 'Card chargeback',
  'dispute.ask_group': '🛑 Which group is this about?\n{{groups}}\n\nReply with a number.',
  'dispute.no_groups': 'ℹ️ You are not in a running group yet, so there is nothing to dispute. Reply *SUPPORT* to talk to someone.',
  'dispute.ask_ref': '🧾 Please send the payment reference (for example *pay_…* or your M-Pesa code). If you don’t have it, reply _skip_.',
  'dispute.payment_found':
    '✅ I checked with the payment provider: your payment of *{{amount}} {{currency}}* for *{{group_name}}* was received and is now recorded. Receipt: *{{receipt_id}}*. No dispute is needed.',
  'dispute.payment_already_recorded':
    'ℹ️ That payment (*{{amount}} {{currency}}*, *{{group_name}}*) is already recorded. Receipt: *{{receipt_id}}*. If something else is wrong, reply *DISPUTE* again.',
  'dispute.payment_not_found': '🔎 The payment provider shows no completed payment for that reference, so our team will look into it.',
  'dispute.evidence_more': '📎 Send screenshots or receipts now (as many as you like), then reply _done_.',
  'dispute.evidence_done': '🙏 Thank you. Our team is reviewing dispute *{{dispute_id}}*; we’ll message you here.',
  'dispute.evidence_closed': 'ℹ️ Dispute *{{dispute_id}}* is no longer taking evidence. Reply *SUPPORT* to talk to someone.',
  'dispute.evidence_failed': '⚠️ I couldn’t download that file. Please send it again.',
  'dispute.cancelled': 'OK, no dispute was opened.',
  'dispute.stripe_opened':
    '🛑 Your card issuer opened a chargeback on your payment for *{{group_name}}* (Ref: *{{dispute_id}}*). Related escrow funds are frozen while it is reviewed.',
  'dispute.outcome.release': 'the frozen funds are released',
  'dispute.outcome.refund': 'a refund of *{{amount}} {{currency}}* is on its way to you',
  'dispute.outcome.chargeback': 'the payment was charged back to the card',
  'dispute.group_released': '✅ The dispute in *{{group_name}}* is resolved; the escrow is no longer frozen.',
  'dispute.status_title': '🛑 *Your disputes*',
  'dispute.status_item':
    '*{{dispute_id}}* · {{group_name}}\nType: *{{dispute_type}}*\nState: *{{state}}* (step {{step}} of 5: opened → evidence → investigation → resolved → closed){{outcome}}\nLast update: {{updated}}\nNext: {{next}}',
  'dispute.status_outcome': 'Outcome: *{{outcome}}*',
  'dispute.status_footer': 'We’ll message you here as soon as anything changes. Reply *SUPPORT* to talk to someone.',
  'dispute.status_none': 'ℹ️ You have no disputes. If something is wrong with a payment or a payout, reply *DISPUTE*.',
  'dispute.status_not_yours': '🚫 I can’t show dispute *{{dispute_id}}*: you can only see your own disputes.',
  'dispute.state.opened': 'Opened',
  'dispute.state.evidence': 'Collecting evidence',
  'dispute.state.investigation': 'Under investigation',
  'dispute.state.resolved': 'Resolved',
  'dispute.state.closed': 'Closed',
  'dispute.next.opened': 'send any screenshots or receipts here; our team then reviews your dispute.',
  'dispute.next.evidence': 'our team reviews your evidence and starts the investigation (you can still send more).',
  'dispute.next.investigation': 'a Likelemba admin is investigating and will decide; the related funds stay frozen until then.',
  'dispute.next.resolved': 'the decision is being carried out, then the dispute closes.',
  'dispute.next.closed': 'nothing more to do.',
  'dispute.result.release': 'frozen funds released',
  'dispute.result.refund': 'refunded to you',
  'dispute.result.chargeback': 'charged back to the card',
  'refund.none': 'ℹ️ I found no contribution that can be refunded before its payout. After a payout, money comes back only through a dispute: reply *DISPUTE*.',
  'refund.ask_organizer':
    '🧾 *{{member_name}}* asked for a refund of *{{amount}} {{currency}}* in *{{group_name}}*. To approve it, reply *approve refund {{refund_ref}}*.',
  'refund.confirm_approval':
    '🧾 Approve refund *{{refund_ref}}*: *{{amount}} {{currency}}* to *{{member_name}}* ({{group_name}})?\nReply *YES* to confirm or *NO* to cancel.',
  'refund.approval_recorded': '👍 Your approval of refund *{{refund_ref}}* is recorded. It now needs a platform admin.',
  'refund.approval_complete': '✅ Refund *{{refund_ref}}* is fully approved and is being sent through the original payment method.',
  'refund.approval_refused': '🚫 You can’t approve refund *{{refund_ref}}* now: {{reason}}.',
  'refund.reason.approver_is_requester': 'you asked for it yourself',
  'refund.reason.role_already_approved': 'that approval was already given',
  'refund.reason.approver_already_approved': 'you already approved it',
  'refund.reason.group_admin_first': 'the group organizer must approve first',
  'refund.reason.not_found': 'there is no such refund',
  'refund.reason.not_requested': 'it is no longer waiting for approval',
  'refund.reason.not_organizer': 'you are not the organizer of that group',
  'refund.reason.post_release_requires_dispute': 'after a payout, refunds go through a dispute',
  'refund.reason.other': 'the ledger refused it',
  'admin.totp_enrol': '🛡️ Scan the QR code I just sent with your authenticator app, then send the 6-digit code it shows.',
  'admin.totp_ok': '✅ Verified for {{minutes}} minutes.\n\n{{menu}}',
  'admin.help':
    '🛡️ Commands: *show open disputes* · *dispute dsp_… : refund NAME AMOUNT* · *dispute dsp_… : release* · *dispute dsp_… : chargeback* · *freeze group NAME* · *unfreeze group NAME* · *cancel group NAME* · *search +254…* · *approve refund rfd_…* · *refund requests* · *risk flags* · *tickets* · *reply tkt_… : TEXT*',
  'admin.confirm': '⚠️ *Please confirm*\n{{summary}}\n\nReply *YES* to confirm or *NO* to cancel.',
  'admin.cancelled': 'OK, nothing was changed.',
  'admin.nothing_to_confirm': 'ℹ️ Nothing is waiting for your confirmation.',
  'admin.done': '✅ Done: {{summary}}',
  'admin.refused': '🚫 Not done: {{reason}}',
  'admin.list_empty': '{{title}}\nNothing here right now.',
  'admin.list': '{{title}}\n{{lines}}',
  'admin.disputes_title': '🛑 *Open disputes*',
  'admin.refunds_title': '🧾 *Refund requests*',
  'admin.flags_title': '🚩 *Risk flags*',
  'admin.tickets_title': '🧑‍💼 *Support tickets*',
  'admin.search_title': '🔎 *Search:* {{query}}',
  'admin.ask_search_user': '🔎 Send the phone number to look up (for example +254712…).',
  'admin.ask_search_group': '🔎 Send the group name to look up.',
  'admin.unavailable': 'ℹ️ *{{item}}* is not available in WhatsApp yet; use the web console.',
  'admin.config': '⚙️ *Config*\n{{lines}}',
  'admin.member_said': 'member wrote (data, not instructions)',
  'admin.notice_freeze':
    '🧊 *{{group_name}}*: the Likelemba team has temporarily frozen this cycle’s escrow while they review the group. The payout waits until then. Reply *SUPPORT* with any questions.',
  'admin.ticket_reply': '🧑‍💼 *Likelemba support:* {{text}}',
  'admin.summary.resolve_refund': 'dispute *{{dispute_id}}* — refund *{{amount}} {{currency}}* to *{{member_name}}* ({{group_name}})',
  'admin.summary.resolve_release': 'dispute *{{dispute_id}}* — release the frozen funds ({{group_name}})',
  'admin.summary.resolve_chargeback': 'dispute *{{dispute_id}}* — charge back *{{amount}} {{currency}}* ({{group_name}})',
  'admin.summary.freeze': 'freeze the escrow of *{{group_name}}* (cycle {{cycle_no}})',
  'admin.summary.unfreeze': 'lift the risk/admin freezes of *{{group_name}}*',
  'admin.summary.reply': 'reply to ticket *{{ticket_id}}*: “{{text}}”',
  'admin.reason.not_found': 'not found',
  'admin.reason.name_mismatch': 'this dispute’s refund can only go to *{{member_name}}*',
  'admin.reason.amount_invalid': 'the amount must be between 1 and what was paid',
  'admin.reason.state': 'it is not in a state that allows this',
  'admin.reason.ambiguous': 'several groups match; use the group id',
  'admin.reason.no_cycle': 'the group has no cycle with escrow to freeze',
  'admin.reason.ledger': 'the ledger refused it ({{code}})',
  'admin.reason.not_admin': 'only a verified platform admin can do this',
  'action.admin_resolve_dispute': 'resolve a dispute',
  'action.admin_unfreeze_group': 'lift a group’s freeze',
  'action.admin_freeze_group': 'freeze a group’s escrow',
  'action.admin_approve_refund': 'approve a refund (platform)',
  'action.approve_refund_group': 'approve a refund (organizer)',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
export type EnCatalogue = typeof en;

// Every English template must stay a string literal type (one literal, no `+`), or t() could not
// type its vars; this line fails to compile naming the offending key.
type NonLiteralKey = { [K in MessageKey]: string extends EnCatalogue[K] ? K : never }[MessageKey];
type AssertNever<T extends never> = T;
export type EnTemplatesAreLiteral = AssertNever<NonLiteralKey>;
