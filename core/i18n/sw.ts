// Kiswahili catalogue (East African usage: kikundi, mchango, malipo, salio, kiasi). Typed against the English keys.
import type { MessageKey } from './en.ts';

export const sw: Record<MessageKey, string> = {
  // ── Vitufe (herufi ≤ 20) ──
  'button.pay_now': 'Lipa sasa',
  'button.status': 'Hali',
  'button.help': 'Msaada',
  'button.menu': 'Menyu',
  'button.confirm': 'Thibitisha',
  'button.cancel': 'Ghairi',
  'button.agree': 'Nakubali',
  'button.rules': 'Kanuni',
  'button.start': 'Anza',
  'button.ok': 'Sawa',
  'button.dispute': 'Lalamika',
  'button.yes': 'Ndiyo',
  'button.no': 'Hapana',
  'button.skip': 'Ruka',
  'button.english': 'English',
  'button.french': 'Français',
  'button.swahili': 'Kiswahili',
  'button.mobile_money': 'Pesa ya simu',
  'button.card': 'Kadi / Benki',
  'button.weekly': 'Kila wiki',
  'button.biweekly': 'Kila wiki mbili',
  'button.monthly': 'Kila mwezi',
  'button.resume_reminders': 'Rejesha vikumbusho',
  'button.talk_to_agent': 'Ongea na mhudumu',
  'button.my_number': 'Tumia namba yangu',

  // ── Msamiati ──
  'frequency.weekly': 'kila wiki',
  'frequency.biweekly': 'kila wiki mbili',
  'frequency.monthly': 'kila mwezi',
  'payout_order.random': 'droo ya bahati (inayothibitishwa)',
  'payout_order.chosen': 'kila mwanachama anachagua zamu yake',
  'payout_order.auction': 'mnada (zabuni kila mzunguko)',
  'payout_order.manual': 'hupangwa na mratibu',
  'late_fee.none': 'hakuna',
  'late_fee.fixed': '{{currency}} {{amount}}',
  'late_fee.percent': '{{percent}}% ya mchango',
  'role.member': 'mwanachama',
  'role.organizer': 'mratibu',
  'role.admin': 'msimamizi wa kikundi',
  'role.platform_admin': 'msimamizi wa mfumo',
  'contribution_status.paid': 'umelipa ✅',
  'contribution_status.pending': 'bado hujalipa',
  'contribution_status.late': 'umechelewa ⚠️',
  'contribution_status.not_due': 'bado haujafika wakati',
  'reminders_state.on': 'vimewashwa 🔔',
  'reminders_state.off': 'vimesitishwa 🔕',
  'dispute_type.paid_not_recorded': 'Nimelipa lakini haijarekodiwa',
  'dispute_type.wrong_recipient': 'Malipo yalienda kwa mtu asiyestahili',
  'dispute_type.organizer_fraud': 'Udanganyifu wa mratibu',
  'dispute_type.other': 'Jambo lingine',
  'date.today': 'leo',
  'date.tomorrow': 'kesho',

  // ── Kujisajili ──
  'onboarding.welcome':
    '👋 Habari {{name}}! Karibu *Likelemba* — weka akiba pamoja na jamii yako.\n' +
    'Chagua lugha:\n1️⃣ English  2️⃣ Français  3️⃣ Kiswahili\n' +
    'Jibu *1, 2, au 3*.',
  'onboarding.welcome_anonymous':
    '👋 Habari! Karibu *Likelemba* — weka akiba pamoja na jamii yako.\n' + 'Chagua lugha:\n1️⃣ English  2️⃣ Français  3️⃣ Kiswahili\n' + 'Jibu *1, 2, au 3*.',
  'onboarding.language_invalid': 'Tafadhali jibu *1*, *2* au *3*:\n1️⃣ English  2️⃣ Français  3️⃣ Kiswahili',
  'onboarding.ask_name': '😊 Vizuri! Wanachama wa vikundi vyako wakuone kwa jina gani?\n(Mfano: *Amina W.*)',
  'onboarding.name_invalid': 'Tafadhali tuma jina lenye herufi 2 hadi {{max}}.',
  'onboarding.ask_pin':
    '🔐 Nimefurahi kukufahamu, {{name}}!\n' +
    'Sasa chagua *PIN ya siri ya tarakimu 4 hadi 6*. Nitaiomba kabla ya hatua nyeti (kubadilisha mpangilio wa malipo, kurejesha pesa, kuondoa mwanachama).\n' +
    'Ushauri: baada ya kuituma, futa ujumbe wenye PIN yako kwenye mazungumzo haya.',
  'onboarding.pin_invalid': 'PIN ni *tarakimu 4 hadi 6*, namba tu. Tafadhali jaribu tena.',
  'onboarding.pin_too_simple': 'PIN hiyo ni rahisi mno kukisia (kama 1234 au 0000). Tafadhali chagua nyingine.',
  'onboarding.confirm_pin': '🔁 Tafadhali tuma PIN ileile tena ili kuithibitisha.',
  'onboarding.pin_mismatch': '❌ PIN hizo mbili hazilingani. Tuanze upya: tuma PIN mpya ya tarakimu 4 hadi 6.',
  'onboarding.pin_set': '✅ PIN yako imewekwa, {{name}}. Uko tayari! 🎉\nJibu *MENYU* kuona unachoweza kufanya.',

  // ── PIN na uthibitisho ──
  'pin.unsolicited':
    '🔐 Hakuna kitendo kinachosubiri PIN yako sasa hivi, kwa hivyo nimepuuza ujumbe huo. Usimpe mtu yeyote PIN yako — ninaiomba tu baada ya wewe kuomba kitendo nyeti.',
  'pin.prompt': '🔐 Jibu kwa PIN yako ili kuthibitisha: {{summary}}\n(Jibu *GHAIRI* kusitisha.)',
  'pin.wrong': '❌ PIN si sahihi. Umebakiwa na majaribio *{{remaining}}*.',
  'pin.locked':
    '🔒 Umekosea PIN mara nyingi mno. Kwa usalama wako, hatua nyeti zimefungwa kwa *dakika {{minutes}}*.\n' + 'Jibu *MSAADA* ikiwa unahitaji usaidizi.',
  'pin.not_set': '🔐 Bado hujaweka PIN. Jibu *MIPANGILIO* ili kuiweka — inalinda pesa zako.',
  'pin.change_ask_current': '🔐 Ili kubadilisha PIN, kwanza tuma PIN yako ya sasa.',
  'pin.changed': '✅ PIN yako imebadilishwa.',
  'approval.confirmed': '✅ Imethibitishwa. Tayari!',
  'approval.cancelled': '👍 Imeghairiwa. Hakuna kilichobadilishwa.',
  'approval.expired': '⌛ Muda wa uthibitisho huo umekwisha, kwa hiyo hakuna kilichobadilishwa. Niombe tena ukiwa tayari.',
  'approval.summary.remove_member': 'kumwondoa *{{member_name}}* kwenye *{{group_name}}*',
  'approval.summary.change_payout_order': 'kubadilisha mpangilio wa malipo wa *{{group_name}}*',
  'approval.summary.edit_rules': 'kubadilisha kanuni za *{{group_name}}* ({{changes}})',
  'approval.summary.start_group': 'kuanzisha *{{group_name}}* na kuweka mpangilio wa malipo',
  'approval.summary.refund': 'kumrejeshea *{{member_name}}* *{{currency}} {{amount}}*',
  'approval.summary.waive_late_fee': 'kufuta faini ya *{{fee}}* ya *{{member_name}}*',
  'approval.summary.change_pin': 'kubadilisha PIN yako',
  'approval.summary.set_payout_destination': 'kutuma malipo yako yajayo kwa *{{destination}}*',

  // ── Menyu ──
  'menu.main.title': '✅ *Menyu*',
  'menu.group_admin.title': '🛠️ *Usimamizi wa kikundi — {{group_name}}*',
  'menu.platform_admin.title': '🛡️ *Usimamizi wa mfumo*',
  'menu.settings.title': '⚙️ *Mipangilio*',
  'menu.footer': 'Jibu kwa namba.',
  'menu.item.my_groups': 'Vikundi vyangu',
  'menu.item.pay': 'Lipa mchango',
  'menu.item.next_payout': 'Malipo yajayo',
  'menu.item.receipts': 'Risiti zangu',
  'menu.item.support': 'Huduma kwa wateja',
  'menu.item.settings': 'Mipangilio',
  'menu.item.group_admin': 'Usimamizi wa kikundi',
  'menu.item.create_group': 'Unda kikundi',
  'menu.item.manage_members': 'Simamia wanachama',
  'menu.item.edit_rules': 'Badilisha kanuni',
  'menu.item.cycle_status': 'Hali ya mzunguko',
  'menu.item.approve_exceptions': 'Idhinisha maombi maalum',
  'menu.item.reports': 'Ripoti',
  'menu.item.search_user': 'Tafuta mtumiaji',
  'menu.item.search_group': 'Tafuta kikundi',
  'menu.item.disputes_queue': 'Foleni ya malalamiko',
  'menu.item.refund_requests': 'Maombi ya kurejeshewa pesa',
  'menu.item.risk_flags': 'Tahadhari za hatari',
  'menu.item.broadcast': 'Tuma ujumbe kwa wote',
  'menu.item.config': 'Usanidi',
  'menu.item.language': 'Lugha',
  'menu.item.reminders': 'Washa/sitisha vikumbusho',
  'menu.item.change_pin': 'Badilisha PIN',
  'menu.item.display_name': 'Jina linaloonekana',
  'menu.invalid_choice': 'Tafadhali jibu kwa namba kuanzia *1* hadi *{{max}}*.',

  // ── Amri, msaada, hali, mipangilio ──
  'help.text':
    'ℹ️ *Msaada*\nUnaweza kuniandikia kwa maneno yako mwenyewe, au kutumia amri hizi wakati wowote:\n' +
    '• *MENYU* — onyesha menyu kuu\n' +
    '• *MSAADA* — msaada huu na huduma kwa wateja\n' +
    '• *HALI* — vikundi na malipo yako\n' +
    '• *SITISHA* — sitisha vikumbusho (*ENDELEA* kuviwasha tena)\n' +
    '• *LUGHA* — badilisha lugha\n' +
    'In English: MENU, HELP, STATUS, STOP, LANGUAGE.\n' +
    'En français : MENU, AIDE, STATUT, STOP, LANGUE.\n' +
    'Unahitaji kuongea na mtu? Jibu *HUDUMA*. 🙏',
  'status.summary': '📊 *Hali yako*\nJina: *{{name}}*\nVikumbusho: {{reminders}}\n\n{{groups}}',
  'status.group_line': '• *{{group_name}}* ({{role}}) — mzunguko {{cycle_no}}/{{cycles_total}}, tarehe ijayo ya kulipa *{{due_date}}*: {{contribution_status}}',
  'status.no_groups': 'Bado hujajiunga na kikundi chochote. Jibu *MENYU* kuunda kikundi, au fungua kiungo cha mwaliko ili kujiunga. 🌱',
  'reminders.paused': '🔕 Vikumbusho vimesitishwa. Hutapokea vikumbusho vya malipo hadi ujibu *ENDELEA*.\n' + 'Michango yako bado inadaiwa kwa wakati wake.',
  'reminders.resumed': '🔔 Vikumbusho vimewashwa tena. Nitakukumbusha kabla ya kila tarehe ya kulipa.',
  'language.ask': '🌍 Chagua lugha:\n1️⃣ English  2️⃣ Français  3️⃣ Kiswahili\nJibu *1, 2, au 3*.',
  'language.changed': '✅ Sawa! Kuanzia sasa nitazungumza nawe kwa Kiswahili.',
  'settings.name_changed': '✅ Jina lako linaloonekana sasa ni *{{name}}*.',
  'settings.ask_name': '✍️ Vikundi vyako vikuone kwa jina gani? (herufi 2 hadi {{max}})',
  'settings.change_pin_support':
    '🔐 Kwa usalama wako, PIN hubadilishwa kupitia timu yetu ya msaada, watakaothibitisha kuwa ni wewe. Jibu *HUDUMA* kuwafikia. Usishiriki PIN yako kwenye gumzo kamwe.',

  // ── Majibu ya dharura na ulinzi ──
  'fallback.not_understood': '🤔 Samahani, sijaelewa vizuri. Ungependa kufanya nini?\n\n{{menu}}',
  'fallback.emoji_only': '😊 Asante! Nikusaidie vipi? Jibu *MENYU* kuona chaguo.',
  'fallback.too_long': '📝 Ujumbe huo ni mrefu kidogo kwangu. Unaweza kuueleza kwa maneno machache (chini ya herufi {{max_chars}})?',
  'fallback.media_unsupported':
    '🎧 Bado siwezi kusoma ujumbe wa sauti wala faili hapa. Tafadhali andika ujumbe wako. (Kutuma ushahidi, fungua lalamiko kwanza.)',
  'refusal.not_allowed': '🚫 Samahani, nafasi yako ({{role}}) hairuhusu hatua hiyo. Jibu *MENYU* kuona unachoweza kufanya.',
  'refusal.needs_organizer': '🚫 Ni mratibu wa *{{group_name}}* pekee anayeweza kufanya hivyo. Unaweza kumwomba moja kwa moja, au jibu *HUDUMA*.',
  'refusal.needs_platform_admin': '🚫 Hatua hiyo ni kwa wafanyakazi wa Likelemba pekee.',
  'refusal.needs_pin': '🔐 Kwa usalama wako, hatua hii inahitaji PIN yako. Nitaiomba kabla ya chochote kubadilika.',
  'refusal.illegal': '🙅 Siwezi kusaidia kwa hilo. Naweza kukusaidia kuweka akiba kwa usalama na kikundi chako — jibu *MENYU*.',
  'offtopic.reply':
    '🙂 Mimi ni msaidizi wa Likelemba, niko hapa kwa ajili ya vikundi vyako vya akiba: michango, malipo, risiti na huduma. Jibu *MENYU* kuanza.',
  'abuse.reply': '🙏 Tafadhali tuzungumze kwa heshima. Niko tayari kukusaidia na kikundi chako wakati wowote.',
  'injection.refusal':
    '🛡️ Siwezi kubadilisha kanuni zangu wala kufanya zaidi ya ruhusa zako. Pesa husogea tu kwa kanuni za kikundi chako, kwa uthibitisho wako. Nikusaidie vipi kwa njia nyingine?',
  'common.error': '😕 Kuna hitilafu upande wetu. Hakuna pesa iliyokatwa wala kilichobadilishwa — tafadhali jaribu tena baada ya muda mfupi.',
  'common.choose_group': '👥 Kikundi kipi?\n{{groups}}\nJibu kwa namba.',
  'common.list_line': '{{number}}) {{text}}',
  'common.rate_limited': '⏳ Unatuma jumbe kwa haraka — nipe muda kidogo kisha ujaribu tena.',

  // ── Kuunda kikundi ──
  'group_create.ask_name': '🧩 *Unda kikundi kipya*\nKikundi chako kiitwe nani?\n(Mfano: _Familia Yetu_, _Akiba ya Marafiki_, _Kina Mama wa Soko_)',
  'group_create.name_invalid': 'Tafadhali chagua jina la kikundi lenye herufi 2 hadi {{max}}.',
  'group_create.ask_amount': '💵 Kila mwanachama atachanga kiasi gani kila mzunguko?\n(Mfano: *{{currency}} 5000*)',
  'group_create.amount_invalid': 'Sijaweza kusoma kiasi hicho. Tafadhali tuma namba na sarafu, mfano *{{currency}} 5000*.',
  'group_create.currency_unsupported': 'Samahani, sarafu ya *{{currency}}* bado haitumiki. Tunatumia: {{currencies}}.',
  'group_create.ask_frequency': '📆 Wanachama watachanga mara ngapi?\n1) Kila wiki\n2) Kila wiki mbili\n3) Kila mwezi',
  'group_create.ask_start_date': '🗓️ Mchango wa kwanza utalipwa lini?\n(Mfano: _Ijumaa ijayo_, _tarehe 1 Machi_, au *2026-12-04*)',
  'group_create.start_date_invalid': 'Sijaweza kusoma tarehe hiyo. Jaribu _Ijumaa ijayo_ au tarehe kama *2026-12-04*.',
  'group_create.start_date_past': 'Tarehe hiyo imeshapita. Tafadhali chagua tarehe kuanzia leo.',
  'group_create.date_understood': '📅 Sawa: *{{date}}*.',
  'group_create.ask_members_count': '👥 Kikundi kitakuwa na wanachama wangapi, pamoja na wewe? ({{min}}–{{max}})',
  'group_create.members_count_invalid': 'Tafadhali tuma namba kati ya {{min}} na {{max}}.',
  'group_create.ask_payout_order':
    '🔄 Mnataka kuamua vipi nani apokee mchango wa pamoja kila mzunguko?\n' +
    '1) 🎲 Droo — ya bahati, inayothibitishwa, kikundi kikianza\n' +
    '2) ✋ Kuchagua — kila mwanachama anachagua zamu iliyo wazi\n' +
    '3) 🔨 Mnada — zabuni kila mzunguko; punguzo linagawanywa\n' +
    '4) 📝 Mratibu — wewe unapanga mpangilio',
  'group_create.ask_late_fee': '⏱️ Faini ya kuchelewa ikiwa mtu atalipa baada ya siku za nyongeza?\n(Mfano: *{{currency}} 200*, *5%*, au *0* kama hakuna)',
  'group_create.late_fee_invalid': 'Tafadhali tuma kiasi (mfano *200*), asilimia hadi {{max_percent}}% (mfano *5%*), au *0* kama hakuna.',
  'group_create.ask_grace_days': '🤝 Siku ngapi za nyongeza baada ya tarehe ya kulipa kabla malipo hayajahesabiwa kuwa ya kuchelewa? (0–{{max}})',
  'group_create.grace_days_invalid': 'Tafadhali tuma idadi ya siku kati ya 0 na {{max}}.',
  'group_create.ask_quorum': '🎯 Asilimia ngapi ya michango iwe imelipwa kabla malipo ya mzunguko hayajatolewa? (Kawaida *100%*)',
  'group_create.quorum_invalid': 'Tafadhali tuma asilimia kati ya {{min}}% na 100%.',
  'group_create.summary':
    '📋 *Muhtasari wa kikundi*\n*{{group_name}}*\n' +
    '• Mchango: *{{currency}} {{amount}}* ({{frequency}})\n' +
    '• Tarehe ya kwanza ya kulipa: *{{start_date}}*\n' +
    '• Wanachama: *{{members_count}}*\n' +
    '• Mpangilio wa malipo: *{{payout_rule}}*\n' +
    '• Faini ya kuchelewa: *{{late_fee}}* baada ya siku *{{grace_days}}* za nyongeza\n' +
    '• Malipo hutolewa *{{quorum}}%* wakishalipa\n' +
    '• Ada ya huduma: *{{platform_fee}}*\n\n' +
    'Jibu *THIBITISHA* kuunda kikundi, au niambie nini cha kubadilisha.',
  'group_create.correction_applied': '✏️ Imebadilishwa: {{field}}.',
  'group_create.cancelled': '👍 Uundaji wa kikundi umeghairiwa. Hakuna kilichoundwa.',
  'group.created':
    '🎉 *Kikundi kimeundwa!*\n*{{group_name}}*\n' +
    '• Mchango: *{{currency}} {{amount}}* ({{frequency}})\n' +
    '• Kinaanza: *{{start_date}}*\n' +
    '• Malipo: *{{payout_rule}}*\n\n' +
    'Alika wanachama kwa kiungo hiki:\n{{invite_link}}\n\n' +
    'Jibu *KANUNI* kuona kanuni zote, au *ANZA* wote wakishajiunga.',
  'group.commitment_published':
    '🔒 Mpangilio wa malipo utapangwa kwa droo ya haki. Alama ya siri ya droo:\n`{{commitment}}`\n' +
    'Kikundi kikianza nitaifichua siri yake ili kila mtu aweze kuhakiki mpangilio.',
  'group.invite_text':
    '👋 Jiunge na kikundi changu cha akiba *{{group_name}}* kwenye Likelemba!\n' +
    '{{currency}} {{amount}} {{frequency}}, wanachama {{members_count}}.\n' +
    'Bofya ujiunge: {{invite_link}}\n(au tuma *JOIN {{code}}* kwa {{bot_number}})',
  'group.invite_qr_caption': '📷 Skani ujiunge na *{{group_name}}* (namba ya mwaliko *{{code}}*).',
  'group.rules':
    '📜 *Kanuni — {{group_name}}*\n' +
    '• Mchango: *{{currency}} {{amount}}* ({{frequency}}), ulipwe kabla ya *{{due_time}}* siku ya kulipa\n' +
    '• Tarehe ya kwanza ya kulipa: *{{start_date}}*\n' +
    '• Wanachama: *{{members_count}}*\n' +
    '• Mpangilio wa malipo: *{{payout_rule}}*\n' +
    '• Siku za nyongeza: *{{grace_days}}*, kisha faini ya *{{late_fee}}*\n' +
    '• Malipo hutolewa *{{quorum}}%* wakishalipa\n' +
    '• Pesa hushikiliwa kwenye akaunti ya amana na hutolewa kwa kanuni hizi tu.',
  'group.rules_updated': '📜 Kanuni za *{{group_name}}* zimebadilishwa na {{actor_name}}:\n{{changes}}',

  // ── Kujiunga ──
  'join.invited':
    '🤝 Umealikwa kujiunga na *{{group_name}}*.\n' +
    'Mchango: *{{currency}} {{amount}}* ({{frequency}})\n' +
    'Kanuni: faini ya kuchelewa *{{late_fee}}*, siku za nyongeza *{{grace_days}}*.\n\n' +
    'Jibu *NAKUBALI* kujiunga, au *KANUNI* kuona maelezo zaidi.',
  'join.welcome':
    '🎉 Karibu *{{group_name}}*! Wewe ni mwanachama wa {{members_joined}} kati ya {{members_count}}.\n' +
    'Nitakukumbusha kabla ya kila mchango kufika tarehe yake.',
  'join.already_member': '😊 Tayari wewe ni mwanachama wa *{{group_name}}*. Jibu *HALI* kukiona.',
  'join.group_full': '😕 Samahani, *{{group_name}}* kimejaa (wanachama {{members_count}}). Muulize mratibu kuhusu mzunguko ujao.',
  'join.code_unknown': '🤔 Sijapata kikundi chenye namba *{{code}}*. Tafadhali hakiki kiungo na aliyekualika.',
  'join.code_expired': '⌛ Kiungo hiki cha mwaliko kimeisha muda wake. Muombe mratibu wa kikundi kiungo kipya.',
  'join.group_not_open': '🔒 *{{group_name}}* hakipokei wanachama wapya kwa sasa (kimeshaanza au kimefungwa).',
  'join.organizer_notified': '👋 *{{member_name}}* amejiunga na *{{group_name}}* ({{members_joined}}/{{members_count}}).',
  'join.all_joined': '🥳 Wote wamejiunga na *{{group_name}}* ({{members_count}}/{{members_count}}). Jibu *ANZA* kuanza!',

  // ── Kuanza na mpangilio wa malipo ──
  'group.start_confirm':
    '🚀 Kuanzisha *{{group_name}}* na wanachama *{{members_joined}}*?\n' +
    'Mchango wa kwanza unalipwa *{{first_due_date}}*. Mpangilio wa malipo utawekwa sasa.\n' +
    'Jibu *THIBITISHA* kuanza.',
  'group.start_not_enough': '⏳ *{{group_name}}* kina wanachama {{members_joined}} kati ya {{members_count}}. Wote lazima wajiunge kabla ya kuanza.',
  'group.started':
    '🚀 *{{group_name}}* kimeanza!\n' +
    'Mchango wa kwanza: *{{currency}} {{amount}}*, tarehe ya kulipa *{{due_date}}*.\n' +
    'Zamu yako ya kupokea: *{{turn}}* kati ya {{members_count}}, tarehe *{{payout_date}}*. 💰',
  'group.started_auction':
    '🚀 *{{group_name}}* kimeanza!\n' +
    'Mchango wa kwanza: *{{currency}} {{amount}}*, tarehe ya kulipa *{{due_date}}*.\n' +
    'Kila mzunguko, wanachama ambao bado hawajapokea wanaweza kutoa zabuni. Nitakujulisha mnada ukifunguliwa. 🔨',
  'group.order_reveal':
    '🎲 *Mpangilio wa malipo — {{group_name}}*\n{{order_lines}}\n\n' +
    '🔍 Hakiki mwenyewe:\nMbegu ya siri (seed): `{{seed}}`\nAlama iliyotangazwa wakati wa kuunda: `{{commitment}}`\n' +
    'sha256(mbegu) lazima ilingane na alama, na nafasi ya kila mwanachama inatokana na kupanga sha256(mbegu + kitambulisho cha mwanachama).',
  'group.order_line': '{{position}}. {{member_name}} — {{payout_date}}',
  'order.choose_slot': '✋ Chagua zamu yako ya kupokea katika *{{group_name}}*.\nZamu zilizo wazi: {{free_slots}}\nJibu kwa namba.',
  'order.slot_taken': '😕 Zamu ya {{slot}} imeshachukuliwa. Zamu zilizo wazi: {{free_slots}}.',
  'order.slot_confirmed': '✅ Utapokea mchango wa pamoja zamu ya *{{slot}}*, tarehe *{{payout_date}}*.',
  'order.changed': '⚠️ Mpangilio wa malipo wa *{{group_name}}* umebadilishwa na {{actor_name}}:\n{{order_lines}}',
  'member.removed': 'ℹ️ *{{member_name}}* ameondolewa kwenye *{{group_name}}* na {{actor_name}}.',
  'member.removed_you': 'ℹ️ Umeondolewa kwenye *{{group_name}}* na {{actor_name}}. Jibu *HUDUMA* ikiwa unadhani ni kosa.',
  'member.remove_refused_received':
    '🚫 *{{member_name}}* ameshapokea mchango wa pamoja na bado anadaiwa *{{currency}} {{amount}}*. Hawezi kuondolewa hadi deni hilo lilipwe.',
  'member.remove_refused_organizer': '🚫 Mratibu hawezi kuondolewa kwenye kikundi.',

  // ── Mnada ──
  'auction.open':
    '🔨 *Mnada umefunguliwa — {{group_name}}, mzunguko {{cycle_no}}*\n' +
    'Jumla: *{{pot}}*. Jibu kwa punguzo unalokubali ili upokee sasa (kiwango cha juu *{{max_discount}}*).\n' +
    'Punguzo kubwa zaidi linashinda na hugawanywa kwa wanachama wengine. Mnada unafungwa *{{closes_at}}*.',
  'auction.bid_received': '✅ Zabuni imepokelewa: punguzo la *{{discount}}*. Unaweza kuibadilisha hadi mnada ufungwe.',
  'auction.bid_invalid': 'Tafadhali tuma punguzo kati ya 0 na *{{max_discount}}*.',
  'auction.not_eligible': 'ℹ️ Umeshapokea mchango wa pamoja wa *{{group_name}}*, kwa hiyo huwezi kutoa zabuni tena.',
  'auction.won':
    '🏆 Umeshinda mchango wa pamoja wa mzunguko huu katika *{{group_name}}*!\nUtapokea *{{payout}}* (jumla {{pot}} − punguzo {{discount}}) tarehe *{{payout_date}}*.',
  'auction.won_fee':
    '🏆 Umeshinda mchango wa pamoja wa mzunguko huu katika *{{group_name}}*!\nUtapokea *{{payout}}* (jumla {{pot}} − punguzo {{discount}} − ada ya huduma {{fee}}) tarehe *{{payout_date}}*.',
  'auction.dividend_credited':
    '🎁 *{{group_name}}*: gawio lako la *{{dividend}}* (mzunguko {{cycle_no}}) limewekwa kwako. Mchango wako unaofuata ni *{{amount}}*, tarehe *{{due_date}}*.',
  'auction.dividend_held':
    '🎁 *{{group_name}}*: gawio lako la *{{dividend}}* (mzunguko {{cycle_no}}) limehifadhiwa salama kwa ajili yako. Huna mchango uliobaki wa kulipunguzia, kwa hiyo litatumwa kwenye pesa zako za simu kikundi kitakapokamilika. Jibu *MSAADA* ukiwa na swali.',
  'auction.credit_paid_out_completed':
    '🎁 *{{group_name}}* kimekamilika, na salio la gawio lako la *{{amount}}* halikuwa na mchango wa kupunguzia. Linatumwa kwa {{destination}}.\nKumbukumbu: *{{payout_ref}}*',
  'auction.credit_paid_out_cancelled':
    '🎁 *{{group_name}}* kimesitishwa, kwa hiyo salio la gawio lako la *{{amount}}* linatumwa kwa {{destination}}.\nKumbukumbu: *{{payout_ref}}*',
  'auction.credit_paid_out_removed':
    '🎁 Wewe si mwanachama wa *{{group_name}}* tena, kwa hiyo salio la gawio lako la *{{amount}}* linatumwa kwa {{destination}}.\nKumbukumbu: *{{payout_ref}}*',
  'auction.credit_sent': '✅ *{{group_name}}*: salio la gawio lako la *{{amount}}* limelipwa kwa {{destination}}.\nKumbukumbu: *{{payout_ref}}*',
  'auction.result':
    '🔨 *{{group_name}}, mzunguko {{cycle_no}}*: *{{winner_name}}* ameshinda kwa punguzo la *{{discount}}*.\n' +
    'Gawio lako la *{{dividend}}* litapunguzwa kwenye mchango wako unaofuata mchango wa pamoja utakapolipwa. 🎁',
  'auction.no_bids': '🎲 Hakuna zabuni mzunguko huu katika *{{group_name}}*, kwa hiyo kwa droo mchango wa pamoja unaenda kwa *{{winner_name}}* bila punguzo.',
  'auction.none_open': 'ℹ️ Hakuna mnada ulio wazi katika vikundi vyako kwa sasa. Nitakujulisha mnada ujao ukifunguliwa. 🔨',
  'auction.last_turn':
    '🔨 *{{group_name}}*, mzunguko {{cycle_no}}: *{{winner_name}}* ndiye mwanachama wa mwisho ambaye hajapokea, kwa hiyo anapokea jumla yote bila mnada.',
  'auction.tie_by_lot': '🎲 Wanachama kadhaa walitoa punguzo sawa, kwa hiyo mshindi alichaguliwa kwa droo (inaweza kuthibitishwa kwa mbegu ya kikundi).',
  'group.start_date_passed':
    '📅 Tarehe ya kwanza ya mchango ya *{{group_name}}* (*{{first_due_date}}*) imeshapita. Badilisha tarehe ya kuanza kwanza (BADILISHA SHERIA), kisha tuma START tena.',

  // ── Vikumbusho, faini, idadi inayohitajika, malipo ──
  'reminder.due':
    '⏰ *Ukumbusho wa malipo — {{group_name}}*\n' +
    'Habari {{name}}, mchango wako wa *{{currency}} {{amount}}* unatakiwa kulipwa *{{due_date}}*.\n\n' +
    'Jibu:\n*LIPA* kulipa sasa ✅\n*HALI* kuona historia yako\n*MSAADA* ukiwa na tatizo',
  'reminder.due_today':
    '⏰ *Unalipwa leo — {{group_name}}*\n' +
    'Habari {{name}}, mchango wako wa *{{currency}} {{amount}}* unatakiwa kulipwa leo kabla ya *{{due_time}}*.\n\n' +
    'Jibu *LIPA* kulipa sasa ✅ au *MSAADA* ukiwa na tatizo.',
  'reminder.overdue':
    '👀 Ukumbusho mfupi, {{name}}\n' +
    'Mchango wako wa *{{group_name}}* umechelewa kwa siku *{{days_late}}*.\n' +
    'Kiasi kinachodaiwa: *{{currency}} {{amount}}*\n\n' +
    'Jibu *LIPA* kulipa sasa, au *MSAADA* ukihitaji usaidizi.',
  'late_fee.applied':
    '⚠️ Faini ya kuchelewa ya *{{fee}}* imeongezwa kwa *{{group_name}}* (mzunguko {{cycle_no}}).\n' +
    'Jumla unayodaiwa sasa: *{{total}}*. Jibu *LIPA* kulipa, au *MSAADA* ikiwa ulilipa kwa wakati.',
  'late_fee.waived': '✅ Faini yako ya *{{fee}}* ya *{{group_name}}* imefutwa na {{actor_name}}.',
  'late_fee.reversed': '✅ Kumbe ulilipa kwa wakati, kwa hiyo faini ya *{{fee}}* imerejeshwa. Samahani kwa usumbufu!',
  'cycle.quorum_met':
    '🎯 *Habari njema!*\n*{{group_name}}* kimefikisha michango inayohitajika kwa mzunguko huu.\n' +
    'Malipo yajayo: *{{payout_date}}* kwa *{{recipient_name}}*.',
  'cycle.quorum_waiting': '📊 *{{group_name}}*, mzunguko {{cycle_no}}: {{paid_count}} kati ya {{members_count}} wamelipa (wanahitajika {{required_count}}).',
  'cycle.completed': '✅ Mzunguko wa {{cycle_no}} wa *{{group_name}}* umekamilika. Mchango ujao unalipwa *{{next_due_date}}*.',
  'group.completed':
    '🏁 *{{group_name}}* kimekamilisha mzunguko wote — kila mtu amepokea. Asanteni nyote! 🙏\n' +
    'Mratibu anaweza kuanzisha mzunguko mpya kutoka menyu ya usimamizi.',
  'payout.scheduled':
    '💰 *Malipo yamepangwa*\nTarehe *{{payout_date}}*, *{{currency}} {{amount}}* zitatolewa kwa *{{recipient_name}}*.\n\n' +
    'Jibu *SAWA* kuthibitisha, au *LALAMIKA* kama kuna tatizo.',
  'payout.sent':
    '🎉 *Malipo yametumwa!*\n*{{currency}} {{amount}}* zimelipwa kwa *{{recipient_name}}* kwa ajili ya *{{group_name}}*.\nKumbukumbu: *{{payout_ref}}*',
  'payout.received_you':
    '🎉 Ni zamu yako, {{name}}! *{{currency}} {{amount}}* kutoka *{{group_name}}* zinatumwa kwa {{destination}}.\nKumbukumbu: *{{payout_ref}}*',
  'payout.failed':
    '⚠️ Malipo kwa *{{recipient_name}}* ya *{{group_name}}* hayajafanikiwa. Pesa ziko salama kwenye akaunti ya amana na tutajaribu tena. Kumbukumbu: *{{payout_ref}}*',
  'payout.held': '⏸️ Malipo ya *{{group_name}}* yamesimamishwa kwa muda: {{reason}}. Pesa zinabaki salama kwenye akaunti ya amana.',
  'payout.ask_destination':
    '📱 Ni namba gani ya pesa kwa simu ipokee malipo yako? Tuma pamoja na msimbo wa nchi, mfano *+254712345678*. Nitakuuliza PIN yako kabla ya kuibadilisha.',
  'payout.destination_changed':
    '📱 Malipo yako yatatumwa kwa *{{destination}}* kuanzia *{{effective_date}}*. Kwa usalama wako, mabadiliko huanza baada ya muda mfupi wa kusubiri. Kama si wewe, jibu *HUDUMA* sasa hivi.',
  'next_payout.info':
    '💰 *Malipo yajayo — {{group_name}}*\n*{{recipient_name}}* atapokea *{{currency}} {{amount}}* tarehe *{{payout_date}}*.\nZamu yako: *{{your_payout_date}}*.',
  'next_payout.none': 'ℹ️ Bado hakuna malipo yajayo katika vikundi vyako.',
  'my_groups.list': '👥 *Vikundi vyangu*\n{{groups}}',
  'my_groups.line': '{{number}}) *{{group_name}}* — {{currency}} {{amount}} {{frequency}}, wanachama {{members_joined}}/{{members_count}} ({{role}})',

  // ── Vikundi: sehemu za mchakato, hatua za mratibu (issue 4) ──
  'group_create.field.name': 'jina la kikundi',
  'group_create.field.amount': 'mchango',
  'group_create.field.frequency': 'marudio',
  'group_create.field.start_date': 'tarehe ya kwanza ya malipo',
  'group_create.field.members_count': 'wanachama',
  'group_create.field.payout_order': 'mpangilio wa malipo',
  'group_create.field.late_fee': 'faini ya kuchelewa',
  'group_create.field.grace_days': 'siku za ziada',
  'group_create.field.quorum': 'akidi',
  'group_create.frequency_invalid': 'Tafadhali jibu *1*, *2* au *3* (kila wiki, kila wiki mbili, kila mwezi).',
  'group_create.payout_order_invalid': 'Tafadhali jibu *1*, *2*, *3* au *4*.',
  'group.none_organized': 'ℹ️ Bado hujaratibu kikundi. Sema _unda kikundi_ kuanza.',
  'group.not_open': 'ℹ️ *{{group_name}}* tayari kimeanza.',
  'group.start_cancelled': '👍 Sawa, *{{group_name}}* hakijaanzishwa.',
  // ── end of a group: completion and cancellation ──
  'group.completed_summary':
    '🏁 *{{group_name}} kimekamilika!*\nMizunguko yote *{{cycles}}* imeisha na kila malipo yametumwa.\n• Ulichanga: *{{contributed}}*\n• Kilicholipwa kwa wanachama: *{{paid_out}}*\n\nAsante kwa kuweka akiba pamoja 🙏 Jibu *MENYU* kuanzisha kikundi kipya.',
  'group.cancel_confirm':
    '⚠️ *Ughairi {{group_name}}?*\nKikundi hakijaanza, kwa hiyo hakuna pesa iliyokusanywa. Wanachama wote {{members_joined}} wataarifiwa na kikundi kitafungwa kabisa.\n\nJibu *NDIYO* kukighairi (nitakuomba PIN yako) au *HAPANA* kukibakiza.',
  'group.cancelled_done': '✅ *{{group_name}}* kimeghairiwa. Kila mwanachama ameambiwa.',
  'group.cancelled_notice':
    '❌ *Kikundi kimeghairiwa*\n*{{group_name}}* kimeghairiwa na {{actor_name}} kabla ya kuanza. Hakuna pesa iliyokusanywa.\n\nJibu *MENYU* kuona unachoweza kufanya.',
  'group.schedule_changed':
    '📅 *{{group_name}}*: {{member_name}} ameondoka kwenye kikundi, kwa hivyo zamu yake ya malipo ({{dropped}}) imeondolewa. Hakuna atakayechangia zamu hiyo, na pesa zilizokwisha lipwa kwa ajili yake zitarejeshwa.\nMalipo yaliyobaki:\n{{schedule}}\nKikundi kinaisha baada ya malipo ya {{end_date}}.',
  'group.schedule_line': '• {{date}}: {{recipient}}',
  'group.schedule_by_auction': 'kwa mnada',
  'group.cancelled_notice_active':
    '❌ *Kikundi kimeghairiwa — {{group_name}}*\nHuduma ya Likelemba imeghairi kikundi hiki.\n• Hakuna michango mipya itakayokusanywa.\n• Pesa zilizoshikiliwa kwenye escrow zinarejeshwa kwa njia uliyolipia.\n\nJibu *MSAADA* kama una swali.',
  'group.cancel_needs_admin':
    'ℹ️ *{{group_name}}* tayari kimeanza na pesa zimeshikiliwa kwenye escrow, kwa hiyo ni huduma ya Likelemba pekee inayoweza kukighairi. Sema _nataka kuongea na mtu_ kuwaomba.',
  'group.closed': 'ℹ️ *{{group_name}}* tayari kimefungwa (kimekamilika au kimeghairiwa).',
  'group_state.completed': '🏁 kimekamilika',
  'group_state.cancelled': '❌ kimeghairiwa',
  'approval.summary.cancel_group': 'kughairi *{{group_name}}*',
  'payment.group_cancelled':
    'ℹ️ *{{group_name}}* kimeghairiwa, kwa hiyo hakuna michango mipya inayokusanywa. Pesa zilizoshikiliwa kwenye escrow zinarejeshwa kwa njia uliyolipia.',
  'admin.summary.cancel_group':
    'kughairi *{{group_name}}* ({{status}}, wanachama {{members}}): michango mipya inasimama, kilichoshikiliwa kwenye escrow ({{held}}) kinarejeshwa kwa waliolipa na salio la gawio la mnada linalipwa',
  'edit_rules.ask': `✏️ Ungependa kubadilisha nini katika *{{group_name}}*?
Kwa mfano: _faini 200_, _siku 2 za ziada_, _akidi 80%_.`,
  'edit_rules.not_understood': '🤔 Sikupata kanuni ya kubadilisha. Jaribu _faini 200_ au _siku 3 za ziada_, au *GHAIRI*.',
  'edit_rules.locked': '🔒 {{field}} inaweza kubadilishwa kabla kikundi hakijaanza tu.',
  'edit_rules.done': '✅ Kanuni za *{{group_name}}* zimesasishwa:\n{{changes}}\nWanachama wote wamearifiwa.',
  'member.remove_which': '👥 Nani aondolewe kutoka *{{group_name}}*? Wanachama: {{members}}',
  'member.not_found': '🤔 Sikumpata *{{member_name}}* katika *{{group_name}}*. Wanachama: {{members}}',
  'member.removed_done': '✅ *{{member_name}}* ameondolewa kutoka *{{group_name}}*. Wote wamearifiwa.',
  'order.change_ask': '📝 Tuma mpangilio mpya wa malipo kwa majina yaliyotenganishwa kwa koma, mf. _{{example}}_.',
  'order.change_invalid': '🤔 Mpangilio mpya lazima umtaje kila mwanachama mara moja tu. Wanachama: {{members}}',
  'order.changed_done': '✅ Mpangilio mpya wa malipo wa *{{group_name}}*:\n{{order_lines}}\nWote wamearifiwa.',
  'order.not_chosen_group': 'ℹ️ Katika *{{group_name}}* mpangilio wa malipo ni: {{payout_rule}}. Hakuna zamu za kuchagua.',
  'cycle.status': '📊 *{{group_name}}* — mzunguko {{cycle_no}} kati ya {{cycles_total}}, malipo *{{due_date}}*\n{{lines}}',
  'cycle.status_line': '• {{member_name}}: {{contribution_status}}',
  'group_admin.no_exceptions': '✅ Hakuna maombi maalum yanayosubiri idhini yako katika *{{group_name}}*.',
  'group_admin.manage_members':
    '👥 *Wanachama wa {{group_name}}* ({{members_joined}}/{{members_count}})\n{{members}}\n\nKumwondoa mtu, sema _ondoa_ na jina lake. Kualika, sema _alika_.',
  'cycle.not_started': 'ℹ️ *{{group_name}}* bado hakijaanza (wanachama {{members_joined}}/{{members_count}}).',

  // ── Malipo ──
  'payment.choose_method': '💳 *Chagua njia ya malipo*\n1) Pesa ya simu (M‑Pesa / Orange / Tigo)\n2) Kadi/Benki (Stripe)\n\nJibu *1* au *2*.',
  'payment.ask_wallet': '📱 Ombi la malipo litumwe kwa namba ipi ya pesa ya simu?\nJibu *1* kutumia {{phone_masked}}, au tuma namba nyingine.',
  'payment.wallet_invalid': 'Hiyo haionekani kuwa namba ya pesa ya simu. Tafadhali itume pamoja na msimbo wa nchi, mfano *+254712345678*.',
  'payment.momo_sent':
    '📲 Ombi la malipo limetumwa!\nTafadhali thibitisha ombi kwenye simu yako kulipa *{{currency}} {{amount}}*.\n\n' +
    'Nitakujulisha mara tu malipo yatakapopokelewa.\nKumbukumbu: *{{payment_ref}}*',
  'payment.stripe_link': '🔒 Kiungo salama cha malipo (Stripe):\n{{stripe_link}}\n\nBaada ya kulipa, utapokea risiti hapa.',
  'payment.receipt':
    '✅ *Malipo yamepokelewa*\n*{{currency}} {{amount}}* kwa *{{group_name}}*\n' +
    'Tarehe: *{{paid_at}}*\nRisiti: *{{receipt_id}}*\n' +
    'Daftari: kumbukumbu Na. {{ledger_seq}} · {{ledger_hash}}\n\nAsante, {{name}} 🙏',
  'payment.pending': '⏳ Malipo yako *{{payment_ref}}* bado yanasubiri uthibitisho kutoka kwa mtoa huduma. Nitakujulisha yakithibitishwa — usilipe tena.',
  'payment.nothing_due': '🙌 Huna cha kulipa kwa sasa katika *{{group_name}}*.',
  'payment.already_paid': '✅ Umeshalipa mchango wa mzunguko huu wa *{{group_name}}*. Asante!',
  'payment.failed.insufficient_funds':
    '❌ Malipo hayajafanikiwa: salio halitoshi kulipa *{{currency}} {{amount}}*. Ongeza salio kisha jibu *LIPA* kujaribu tena.',
  'payment.failed.cancelled': '❌ Malipo yameghairiwa kwenye simu yako, hakuna pesa iliyokatwa. Jibu *LIPA* ukiwa tayari.',
  'payment.failed.timeout': '⌛ Muda wa ombi la malipo umeisha kabla ya kuthibitishwa. Hakuna pesa iliyokatwa. Jibu *LIPA* kupata ombi jipya.',
  'payment.failed.wrong_pin': '❌ PIN ya pesa ya simu uliyoweka si sahihi, hakuna pesa iliyokatwa. Jibu *LIPA* kujaribu tena.',
  'payment.failed.generic': '❌ Malipo hayajafanikiwa na hakuna pesa iliyokatwa. Jibu *LIPA* kujaribu tena, au *MSAADA*.',
  'receipts.list': '🧾 *Risiti zangu*\n{{receipts}}',
  'receipts.line': '• {{paid_at}} — *{{currency}} {{amount}}*, {{group_name}} ({{receipt_id}})',
  'receipts.none': '🧾 Bado hakuna risiti. Zitaonekana hapa baada ya kila malipo.',
  'payment.choose_due': '💳 Unataka kulipa mchango upi?\n{{lines}}\n\nJibu kwa namba.',
  'payment.due_line': '{{number}}) *{{group_name}}* — {{amount}} {{currency}}, tarehe {{due_date}}',
  'payment.nothing_due_any': '🙌 Huna cha kulipa kwa sasa. Asante!',
  'payment.cancelled': '👍 Sawa, malipo yameghairiwa. Hakuna pesa iliyokatwa.',
  'payment.method_unavailable': '⚠️ Njia hiyo ya malipo haipatikani kwa sasa. Tafadhali chagua nyingine, au jibu *MSAADA*.',
  'payment.partial':
    '🧾 Tumepokea *{{amount}} {{currency}}* kwa *{{group_name}}*, ambayo ni chini ya mchango. Bado unadaiwa *{{remaining}} {{currency}}* — jibu *LIPA* kutuma kilichobaki.\nRisiti: *{{receipt_id}}* · daftari #{{ledger_seq}} · {{ledger_hash}}',
  'payment.overpaid':
    '🧾 Umelipa *{{extra}} {{currency}}* zaidi ya kiasi kinachodaiwa kwa *{{group_name}}*. Mchango wako umerekodiwa, na ziada utarejeshewa baada ya ukaguzi.',
  'payment.duplicate':
    '🧾 Tumepokea malipo ya pili ya *{{amount}} {{currency}}* kwa *{{group_name}}* katika mzunguko huu. Yako salama kwenye escrow na utarejeshewa baada ya ukaguzi.',
  'payment.review':
    '🧾 Tumepokea *{{amount}} {{currency}}* lakini hatukuweza kuziongeza kwenye mchango wako moja kwa moja. Ziko salama; timu yetu itakagua na kuwasiliana nawe.',
  'payment.status_none': 'ℹ️ Bado hujafanya malipo yoyote. Jibu *LIPA* kulipa mchango.',

  // ── Kurejesha pesa, malalamiko, huduma kwa wateja ──
  'refund.requested':
    '🧾 *Ombi la kurejeshewa pesa*\nKiasi: *{{currency}} {{amount}}*\nSababu: *{{reason}}*\n\n' +
    'Ombi lako linakaguliwa. Tutakujulisha hivi karibuni.\nKumbukumbu: *{{refund_ref}}*',
  'refund.auto_group_cancelled':
    '↩️ *{{group_name}}* kimeghairiwa, kwa hivyo malipo yako ya *{{amount}} {{currency}}* yanarejeshwa kwenye njia yako ya malipo. Kumb.: *{{refund_ref}}*',
  'refund.auto_turn_dropped':
    '↩️ Zamu ya malipo uliyolipia *{{amount}} {{currency}}* katika *{{group_name}}* imeondolewa (mpokeaji wake ameondoka kwenye kikundi), kwa hivyo malipo yako yanarejeshwa kwenye njia yako ya malipo. Kumb.: *{{refund_ref}}*',
  'refund.approved': '👍 Ombi lako la kurejeshewa *{{currency}} {{amount}}* limeidhinishwa na pesa zinatumwa. Kumbukumbu: *{{refund_ref}}*',
  'refund.rejected': 'ℹ️ Ombi lako la kurejeshewa pesa *{{refund_ref}}* halijakubaliwa: {{reason}}. Jibu *HUDUMA* ukitaka kuongea na mtu.',
  'refund.completed': '✅ *Pesa zimerejeshwa*\n*{{currency}} {{amount}}* zimerejeshwa kwenye njia yako ya malipo.\nKumbukumbu: *{{refund_ref}}*',
  'refund.failed': '⚠️ Pesa zako za kurejeshewa *{{refund_ref}}* bado hazijaweza kutumwa. Pesa ziko salama na timu yetu inashughulikia.',
  'dispute.ask_type':
    '🛑 *Fungua lalamiko*\nNini kilitokea?\n1) Nimelipa lakini haijarekodiwa\n2) Malipo yalienda kwa mtu asiyestahili\n3) Udanganyifu wa mratibu\n4) Jambo lingine',
  'dispute.opened':
    '🛑 *Lalamiko limefunguliwa* (Kumbukumbu: *{{dispute_id}}*)\nAina: *{{dispute_type}}*\n\n' +
    'Tafadhali tuma ushahidi wowote (picha za skrini/risiti) hapa.\n' +
    'Huenda tukazuia kwa muda pesa husika zilizo kwenye akaunti ya amana wakati wa uchunguzi.',
  'dispute.evidence_received': '📎 Ushahidi umepokelewa kwa lalamiko *{{dispute_id}}*. Asante.',
  'dispute.funds_frozen': '🧊 Sehemu ya pesa za amana za *{{group_name}}* ({{currency}} {{amount}}) imezuiwa wakati lalamiko *{{dispute_id}}* linachunguzwa.',
  'dispute.resolved': '✅ Lalamiko *{{dispute_id}}* limetatuliwa: {{outcome}}.',
  'support.handoff': '🧑‍💼 Mhudumu atakusaidia hivi punde.\nKwa sasa, jibu kwa:\n' + '• *KUMBUKUMBU YA MALIPO* (kama unayo)\n• Maelezo mafupi ya tatizo',

  // ── Usimamizi wa mfumo ──
  'admin.not_authorized': '🚫 Menyu hii ni kwa wafanyakazi wa Likelemba pekee.',
  'admin.totp_prompt': '🛡️ Tuma namba ya tarakimu 6 kutoka kwenye programu yako ya uthibitishaji.',
  'admin.totp_invalid': '❌ Namba hiyo si sahihi. Tafadhali jaribu tena.',
  // ── Migogoro, marejesho na usimamizi wa jukwaa (suala 6) ──
  'dispute_type.card_chargeback': 'Pingamizi la kadi',
  'dispute.ask_group': '🛑 Ni kikundi gani kinahusika?\n{{groups}}\n\nJibu kwa namba.',
  'dispute.no_groups': 'ℹ️ Bado hauko kwenye kikundi kinachoendelea, kwa hiyo hakuna cha kupinga. Jibu *MSAADA* kuongea na mtu.',
  'dispute.ask_ref': '🧾 Tafadhali tuma kumbukumbu ya malipo (mfano *pay_…* au msimbo wa M-Pesa). Kama huna, jibu _ruka_.',
  'dispute.payment_found':
    '✅ Nimeangalia kwa mtoa huduma ya malipo: malipo yako ya *{{amount}} {{currency}}* kwa *{{group_name}}* yalipokelewa na sasa yamerekodiwa. Risiti: *{{receipt_id}}*. Hakuna haja ya mgogoro.',
  'dispute.payment_already_recorded':
    'ℹ️ Malipo hayo (*{{amount}} {{currency}}*, *{{group_name}}*) tayari yamerekodiwa. Risiti: *{{receipt_id}}*. Kama kuna tatizo lingine, jibu *LALAMIKA* tena.',
  'dispute.payment_not_found': '🔎 Mtoa huduma hana malipo yaliyokamilika kwa kumbukumbu hiyo, kwa hiyo timu yetu itachunguza.',
  'dispute.evidence_more': '📎 Tuma picha za skrini au risiti sasa (kadiri unavyotaka), kisha jibu _nimemaliza_.',
  'dispute.evidence_done': '🙏 Asante. Timu yetu inakagua mgogoro *{{dispute_id}}*; tutakutumia ujumbe hapa.',
  'dispute.evidence_closed': 'ℹ️ Mgogoro *{{dispute_id}}* haupokei tena ushahidi. Jibu *MSAADA* kuongea na mtu.',
  'dispute.evidence_failed': '⚠️ Sikuweza kupakua faili hilo. Tafadhali litume tena.',
  'dispute.cancelled': 'Sawa, hakuna mgogoro uliofunguliwa.',
  'dispute.stripe_opened':
    '🛑 Benki ya kadi yako imefungua pingamizi kwenye malipo yako ya *{{group_name}}* (Kumb: *{{dispute_id}}*). Fedha husika zimezuiwa wakati inachunguzwa.',
  'dispute.outcome.release': 'fedha zilizozuiwa zimeachiliwa',
  'dispute.outcome.refund': 'marejesho ya *{{amount}} {{currency}}* yanakuja kwako',
  'dispute.outcome.chargeback': 'malipo yamerudishwa kwenye kadi',
  'dispute.group_released': '✅ Mgogoro katika *{{group_name}}* umetatuliwa; escrow haijazuiwa tena.',
  'dispute.status_title': '🛑 *Malalamiko yako*',
  'dispute.status_item':
    '*{{dispute_id}}* · {{group_name}}\nAina: *{{dispute_type}}*\nHali: *{{state}}* (hatua {{step}} kati ya 5: limefunguliwa → ushahidi → uchunguzi → limetatuliwa → limefungwa){{outcome}}\nSasisho la mwisho: {{updated}}\nKinachofuata: {{next}}',
  'dispute.status_outcome': 'Matokeo: *{{outcome}}*',
  'dispute.status_footer': 'Tutakutumia ujumbe hapa mara tu kitu kikibadilika. Jibu *MSAADA* kuongea na mtu.',
  'dispute.status_none': 'ℹ️ Huna lalamiko lolote. Kama kuna tatizo kwenye malipo au mgao, jibu *LALAMIKA*.',
  'dispute.status_not_yours': '🚫 Siwezi kuonyesha lalamiko *{{dispute_id}}*: unaweza kuona malalamiko yako tu.',
  'dispute.state.opened': 'Limefunguliwa',
  'dispute.state.evidence': 'Linakusanya ushahidi',
  'dispute.state.investigation': 'Linachunguzwa',
  'dispute.state.resolved': 'Limetatuliwa',
  'dispute.state.closed': 'Limefungwa',
  'dispute.next.opened': 'tuma picha za skrini au risiti hapa; kisha timu yetu italikagua lalamiko lako.',
  'dispute.next.evidence': 'timu yetu inakagua ushahidi wako na kuanza uchunguzi (bado unaweza kutuma zaidi).',
  'dispute.next.investigation': 'msimamizi wa Likelemba anachunguza na ataamua; fedha husika zinabaki zimezuiwa hadi hapo.',
  'dispute.next.resolved': 'uamuzi unatekelezwa, kisha lalamiko litafungwa.',
  'dispute.next.closed': 'hakuna cha kufanya zaidi.',
  'dispute.result.release': 'fedha zilizozuiwa zimeachiliwa',
  'dispute.result.refund': 'umerejeshewa pesa',
  'dispute.result.chargeback': 'yamerudishwa kwenye kadi',
  'refund.none': 'ℹ️ Sijapata mchango unaoweza kurejeshwa kabla ya malipo yake. Baada ya malipo, pesa hurudi kupitia mgogoro tu: jibu *LALAMIKA*.',
  'refund.ask_organizer':
    '🧾 *{{member_name}}* ameomba marejesho ya *{{amount}} {{currency}}* katika *{{group_name}}*. Kuidhinisha, jibu *approve refund {{refund_ref}}*.',
  'refund.confirm_approval':
    '🧾 Kuidhinisha marejesho *{{refund_ref}}*: *{{amount}} {{currency}}* kwa *{{member_name}}* ({{group_name}})?\nJibu *NDIYO* kuthibitisha au *HAPANA* kughairi.',
  'refund.approval_recorded': '👍 Idhini yako ya marejesho *{{refund_ref}}* imerekodiwa. Sasa yanahitaji msimamizi wa jukwaa.',
  'refund.approval_complete': '✅ Marejesho *{{refund_ref}}* yameidhinishwa kikamilifu na yanatumwa kupitia njia ya malipo ya awali.',
  'refund.approval_refused': '🚫 Huwezi kuidhinisha marejesho *{{refund_ref}}* sasa: {{reason}}.',
  'refund.reason.approver_is_requester': 'wewe mwenyewe uliyaomba',
  'refund.reason.role_already_approved': 'idhini hiyo imeshatolewa',
  'refund.reason.approver_already_approved': 'umeshayaidhinisha',
  'refund.reason.group_admin_first': 'mratibu wa kikundi lazima aidhinishe kwanza',
  'refund.reason.not_found': 'marejesho hayo hayapo',
  'refund.reason.not_requested': 'hayasubiri idhini tena',
  'refund.reason.not_organizer': 'wewe si mratibu wa kikundi hicho',
  'refund.reason.post_release_requires_dispute': 'baada ya malipo, marejesho hupitia mgogoro',
  'refund.reason.other': 'leja imekataa',
  'admin.totp_enrol': '🛡️ Skani msimbo wa QR niliotuma kwa programu yako ya uthibitishaji, kisha tuma msimbo wa tarakimu 6 inaoonyesha.',
  'admin.totp_ok': '✅ Umethibitishwa kwa dakika {{minutes}}.\n\n{{menu}}',
  'admin.help':
    '🛡️ Amri: *show open disputes* · *dispute dsp_… : refund JINA KIASI* · *dispute dsp_… : release* · *dispute dsp_… : chargeback* · *freeze group JINA* · *unfreeze group JINA* · *cancel group JINA* · *search +254…* · *approve refund rfd_…* · *refund requests* · *risk flags* · *tickets* · *reply tkt_… : MAANDISHI*',
  'admin.confirm': '⚠️ *Tafadhali thibitisha*\n{{summary}}\n\nJibu *NDIYO* kuthibitisha au *HAPANA* kughairi.',
  'admin.cancelled': 'Sawa, hakuna kilichobadilishwa.',
  'admin.nothing_to_confirm': 'ℹ️ Hakuna kinachosubiri uthibitisho wako.',
  'admin.done': '✅ Imefanyika: {{summary}}',
  'admin.refused': '🚫 Haijafanyika: {{reason}}',
  'admin.list_empty': '{{title}}\nHakuna kitu kwa sasa.',
  'admin.list': '{{title}}\n{{lines}}',
  'admin.disputes_title': '🛑 *Migogoro iliyo wazi*',
  'admin.refunds_title': '🧾 *Maombi ya marejesho*',
  'admin.flags_title': '🚩 *Tahadhari za hatari*',
  'admin.tickets_title': '🧑‍💼 *Tiketi za msaada*',
  'admin.search_title': '🔎 *Tafuta:* {{query}}',
  'admin.ask_search_user': '🔎 Tuma namba ya simu ya kutafuta (mfano +254712…).',
  'admin.ask_search_group': '🔎 Tuma jina la kikundi la kutafuta.',
  'admin.unavailable': 'ℹ️ *{{item}}* bado haipatikani kwenye WhatsApp; tumia dashibodi ya wavuti.',
  'admin.config': '⚙️ *Mipangilio*\n{{lines}}',
  'admin.member_said': 'ameandika mwanachama (data, si maagizo)',
  'admin.notice_freeze':
    '🧊 *{{group_name}}*: timu ya Likelemba imezuia kwa muda escrow ya mzunguko huu wakati inakagua kikundi. Malipo yanasubiri hadi hapo. Jibu *MSAADA* kwa maswali.',
  'admin.ticket_reply': '🧑‍💼 *Msaada wa Likelemba:* {{text}}',
  'admin.summary.resolve_refund': 'mgogoro *{{dispute_id}}* — rejesha *{{amount}} {{currency}}* kwa *{{member_name}}* ({{group_name}})',
  'admin.summary.resolve_release': 'mgogoro *{{dispute_id}}* — achilia fedha zilizozuiwa ({{group_name}})',
  'admin.summary.resolve_chargeback': 'mgogoro *{{dispute_id}}* — rudisha *{{amount}} {{currency}}* kwenye kadi ({{group_name}})',
  'admin.summary.freeze': 'zuia escrow ya *{{group_name}}* (mzunguko {{cycle_no}})',
  'admin.summary.unfreeze': 'ondoa zuio la hatari/admin la *{{group_name}}*',
  'admin.summary.reply': 'jibu tiketi *{{ticket_id}}*: “{{text}}”',
  'admin.reason.not_found': 'haipatikani',
  'admin.reason.name_mismatch': 'marejesho ya mgogoro huu yanaweza kwenda kwa *{{member_name}}* tu',
  'admin.reason.amount_invalid': 'kiasi lazima kiwe kati ya 1 na kilicholipwa',
  'admin.reason.state': 'hali yake hairuhusu hili',
  'admin.reason.ambiguous': 'vikundi kadhaa vinalingana; tumia kitambulisho cha kikundi',
  'admin.reason.no_cycle': 'kikundi hakina mzunguko wenye escrow ya kuzuia',
  'admin.reason.ledger': 'leja imekataa ({{code}})',
  'admin.reason.not_admin': 'msimamizi wa jukwaa aliyethibitishwa pekee anaweza kufanya hili',
  'action.admin_resolve_dispute': 'kutatua mgogoro',
  'action.admin_unfreeze_group': 'kuondoa zuio la kikundi',
  'action.admin_freeze_group': 'kuzuia escrow ya kikundi',
  'action.admin_approve_refund': 'kuidhinisha marejesho (jukwaa)',
  'action.approve_refund_group': 'kuidhinisha marejesho (mratibu)',
};
