// French catalogue (francophone Africa: tontine, likelemba, cotisation). Typed against the English keys.
import type { MessageKey } from './en.ts';

export const fr: Record<MessageKey, string> = {
  // ── Boutons (≤ 20 caractères) ──
  'button.pay_now': 'Payer',
  'button.status': 'Statut',
  'button.help': 'Aide',
  'button.menu': 'Menu',
  'button.confirm': 'Confirmer',
  'button.cancel': 'Annuler',
  'button.agree': 'J’accepte',
  'button.rules': 'Règles',
  'button.start': 'Démarrer',
  'button.ok': 'OK',
  'button.dispute': 'Contester',
  'button.yes': 'Oui',
  'button.no': 'Non',
  'button.skip': 'Passer',
  'button.english': 'English',
  'button.french': 'Français',
  'button.swahili': 'Kiswahili',
  'button.mobile_money': 'Mobile Money',
  'button.card': 'Carte / Banque',
  'button.weekly': 'Chaque semaine',
  'button.biweekly': 'Tous les 15 jours',
  'button.monthly': 'Chaque mois',
  'button.resume_reminders': 'Réactiver rappels',
  'button.talk_to_agent': 'Parler à un agent',
  'button.my_number': 'Mon numéro',

  // ── Vocabulaire ──
  'frequency.weekly': 'chaque semaine',
  'frequency.biweekly': 'toutes les deux semaines',
  'frequency.monthly': 'chaque mois',
  'payout_order.random': 'tirage au sort (vérifiable)',
  'payout_order.chosen': 'chacun choisit son tour',
  'payout_order.auction': 'enchères (à chaque tour)',
  'payout_order.manual': 'fixé par l’organisateur',
  'late_fee.none': 'aucune',
  'late_fee.fixed': '{{amount}} {{currency}}',
  'late_fee.percent': '{{percent}} % de la cotisation',
  'role.member': 'membre',
  'role.organizer': 'organisateur',
  'role.admin': 'administrateur du groupe',
  'role.platform_admin': 'administrateur de la plateforme',
  'contribution_status.paid': 'payée ✅',
  'contribution_status.pending': 'pas encore payée',
  'contribution_status.late': 'en retard ⚠️',
  'contribution_status.not_due': 'pas encore due',
  'reminders_state.on': 'activés 🔔',
  'reminders_state.off': 'en pause 🔕',
  'dispute_type.paid_not_recorded': 'J’ai payé mais ce n’est pas enregistré',
  'dispute_type.wrong_recipient': 'Le versement est allé à la mauvaise personne',
  'dispute_type.organizer_fraud': 'Fraude de l’organisateur',
  'dispute_type.other': 'Autre chose',
  'date.today': 'aujourd’hui',
  'date.tomorrow': 'demain',

  // ── Inscription ──
  'onboarding.welcome':
    '👋 Bonjour {{name}} ! Bienvenue sur *Likelemba* — épargnez ensemble avec votre communauté.\n' +
    'Choisissez votre langue :\n1️⃣ English  2️⃣ Français  3️⃣ Kiswahili\n' +
    'Répondez *1, 2 ou 3*.',
  'onboarding.welcome_anonymous':
    '👋 Bonjour ! Bienvenue sur *Likelemba* — épargnez ensemble avec votre communauté.\n' +
    'Choisissez votre langue :\n1️⃣ English  2️⃣ Français  3️⃣ Kiswahili\n' +
    'Répondez *1, 2 ou 3*.',
  'onboarding.language_invalid': 'Merci de répondre *1*, *2* ou *3* :\n1️⃣ English  2️⃣ Français  3️⃣ Kiswahili',
  'onboarding.ask_name': '😊 Parfait ! Quel nom les membres de vos groupes verront-ils ?\n(Exemple : *Mireille K.*)',
  'onboarding.name_invalid': 'Merci d’envoyer un nom de 2 à {{max}} caractères.',
  'onboarding.ask_pin':
    '🔐 Enchanté, {{name}} !\n' +
    'Choisissez maintenant un *code PIN secret de 4 à 6 chiffres*. Je vous le demanderai avant toute action sensible (changement de l’ordre des versements, remboursement, retrait d’un membre).\n' +
    'Conseil : supprimez ensuite le message contenant votre PIN de cette discussion.',
  'onboarding.pin_invalid': 'Le PIN comporte *4 à 6 chiffres*, uniquement des chiffres. Réessayez.',
  'onboarding.pin_too_simple': 'Ce PIN est trop facile à deviner (comme 1234 ou 0000). Choisissez-en un autre.',
  'onboarding.confirm_pin': '🔁 Renvoyez le même PIN pour le confirmer.',
  'onboarding.pin_mismatch': '❌ Les deux PIN ne correspondent pas. Recommençons : envoyez un nouveau PIN de 4 à 6 chiffres.',
  'onboarding.pin_set': '✅ Votre PIN est enregistré, {{name}}. Tout est prêt ! 🎉\nRépondez *MENU* pour voir ce que vous pouvez faire.',

  // ── PIN et confirmations ──
  'pin.unsolicited':
    '🔐 Aucune action n’attend votre PIN en ce moment, j’ai donc ignoré ce message. Ne partagez jamais votre PIN — je ne le demande qu’après une demande d’action sensible de votre part.',
  'pin.prompt': '🔐 Répondez avec votre PIN pour confirmer : {{summary}}\n(Répondez *ANNULER* pour arrêter.)',
  'pin.wrong': '❌ PIN incorrect. Il vous reste *{{remaining}}* essai(s).',
  'pin.locked':
    '🔒 Trop de PIN incorrects. Pour votre sécurité, les actions sensibles sont bloquées pendant *{{minutes}} minutes*.\n' +
    'Répondez *AIDE* si vous avez besoin d’assistance.',
  'pin.not_set': '🔐 Vous n’avez pas encore de PIN. Répondez *PARAMÈTRES* pour en créer un — il protège votre argent.',
  'pin.change_ask_current': '🔐 Pour changer votre PIN, envoyez d’abord votre PIN actuel.',
  'pin.changed': '✅ Votre PIN a été modifié.',
  'approval.confirmed': '✅ C’est confirmé, c’est fait !',
  'approval.cancelled': '👍 Annulé. Rien n’a été modifié.',
  'approval.expired': '⌛ Cette confirmation a expiré, rien n’a donc été modifié. Redemandez-moi quand vous serez prêt.',
  'approval.summary.remove_member': 'retirer *{{member_name}}* de *{{group_name}}*',
  'approval.summary.change_payout_order': 'modifier l’ordre des versements de *{{group_name}}*',
  'approval.summary.edit_rules': 'modifier les règles de *{{group_name}}* ({{changes}})',
  'approval.summary.start_group': 'démarrer *{{group_name}}* et fixer l’ordre des versements',
  'approval.summary.refund': 'rembourser *{{amount}} {{currency}}* à *{{member_name}}*',
  'approval.summary.waive_late_fee': 'annuler la pénalité de *{{fee}}* de *{{member_name}}*',
  'approval.summary.change_pin': 'changer votre PIN',
  'approval.summary.set_payout_destination': 'envoyer vos prochains versements au *{{destination}}*',

  // ── Menus ──
  'menu.main.title': '✅ *Menu*',
  'menu.group_admin.title': '🛠️ *Gestion du groupe — {{group_name}}*',
  'menu.platform_admin.title': '🛡️ *Administration de la plateforme*',
  'menu.settings.title': '⚙️ *Paramètres*',
  'menu.footer': 'Répondez avec un numéro.',
  'menu.item.my_groups': 'Mes groupes',
  'menu.item.pay': 'Payer ma cotisation',
  'menu.item.next_payout': 'Prochain versement',
  'menu.item.receipts': 'Mes reçus',
  'menu.item.support': 'Assistance',
  'menu.item.settings': 'Paramètres',
  'menu.item.group_admin': 'Gestion du groupe',
  'menu.item.create_group': 'Créer un groupe',
  'menu.item.manage_members': 'Gérer les membres',
  'menu.item.edit_rules': 'Modifier les règles',
  'menu.item.cycle_status': 'État du tour',
  'menu.item.approve_exceptions': 'Approuver des exceptions',
  'menu.item.reports': 'Rapports',
  'menu.item.search_user': 'Chercher un utilisateur',
  'menu.item.search_group': 'Chercher un groupe',
  'menu.item.disputes_queue': 'File des litiges',
  'menu.item.refund_requests': 'Demandes de remboursement',
  'menu.item.risk_flags': 'Alertes de risque',
  'menu.item.broadcast': 'Message à tous',
  'menu.item.config': 'Configuration',
  'menu.item.language': 'Langue',
  'menu.item.reminders': 'Rappels activés/en pause',
  'menu.item.change_pin': 'Changer de PIN',
  'menu.item.display_name': 'Nom affiché',
  'menu.invalid_choice': 'Merci de répondre avec un numéro de *1* à *{{max}}*.',

  // ── Commandes, aide, statut, paramètres ──
  'help.text':
    'ℹ️ *Aide*\nÉcrivez-moi avec vos propres mots, ou utilisez ces commandes à tout moment :\n' +
    '• *MENU* — afficher le menu principal\n' +
    '• *AIDE* — cette aide et l’assistance\n' +
    '• *STATUT* — vos groupes et vos paiements\n' +
    '• *STOP* — mettre les rappels en pause (*REPRENDRE* pour les réactiver)\n' +
    '• *LANGUE* — changer de langue\n' +
    'In English: MENU, HELP, STATUS, STOP, LANGUAGE.\n' +
    'Kwa Kiswahili : MENYU, MSAADA, HALI, SITISHA, LUGHA.\n' +
    'Besoin d’une personne ? Répondez *ASSISTANCE*. 🙏',
  'status.summary': '📊 *Votre statut*\nNom : *{{name}}*\nRappels : {{reminders}}\n\n{{groups}}',
  'status.group_line': '• *{{group_name}}* ({{role}}) — tour {{cycle_no}}/{{cycles_total}}, prochaine échéance *{{due_date}}* : {{contribution_status}}',
  'status.no_groups': 'Vous n’êtes encore dans aucun groupe. Répondez *MENU* pour en créer un, ou ouvrez un lien d’invitation pour rejoindre. 🌱',
  'reminders.paused':
    '🔕 Rappels en pause. Vous ne recevrez plus de rappels de paiement jusqu’à ce que vous répondiez *REPRENDRE*.\n' +
    'Vos cotisations restent dues aux dates prévues.',
  'reminders.resumed': '🔔 Les rappels sont réactivés. Je vous préviendrai avant chaque échéance.',
  'language.ask': '🌍 Choisissez votre langue :\n1️⃣ English  2️⃣ Français  3️⃣ Kiswahili\nRépondez *1, 2 ou 3*.',
  'language.changed': '✅ C’est noté ! Je vous parlerai désormais en français.',
  'settings.name_changed': '✅ Votre nom affiché est maintenant *{{name}}*.',
  'settings.ask_name': '✍️ Quel nom vos groupes doivent-ils voir ? (2 à {{max}} caractères)',
  'settings.change_pin_support':
    '🔐 Pour votre sécurité, le PIN se change avec notre équipe support, qui vérifiera que c’est bien vous. Répondez *ASSISTANCE* pour la joindre. Ne partagez jamais votre PIN dans le chat.',

  // ── Messages de repli et garde-fous ──
  'fallback.not_understood': '🤔 Désolé, je n’ai pas bien compris. Que souhaitez-vous faire ?\n\n{{menu}}',
  'fallback.emoji_only': '😊 Merci ! Comment puis-je vous aider ? Répondez *MENU* pour voir les options.',
  'fallback.too_long': '📝 Ce message est un peu long pour moi. Pouvez-vous le dire en quelques mots (moins de {{max_chars}} caractères) ?',
  'fallback.media_unsupported':
    '🎧 Je ne peux pas encore lire les notes vocales ni les fichiers ici. Merci d’écrire votre message. (Pour envoyer des preuves, ouvrez d’abord un litige.)',
  'refusal.not_allowed': '🚫 Désolé, votre rôle ({{role}}) ne permet pas cette action. Répondez *MENU* pour voir ce que vous pouvez faire.',
  'refusal.needs_organizer': '🚫 Seul l’organisateur de *{{group_name}}* peut faire cela. Vous pouvez le lui demander, ou répondre *ASSISTANCE*.',
  'refusal.needs_platform_admin': '🚫 Cette action est réservée à l’équipe Likelemba.',
  'refusal.needs_pin': '🔐 Pour votre sécurité, cette action nécessite votre PIN. Je vous le demanderai avant tout changement.',
  'refusal.illegal': '🙅 Je ne peux pas vous aider avec cela. Je peux vous aider à épargner en toute sécurité avec votre groupe — répondez *MENU*.',
  'offtopic.reply':
    '🙂 Je suis l’assistant Likelemba, là pour vos groupes d’épargne : cotisations, versements, reçus et assistance. Répondez *MENU* pour commencer.',
  'abuse.reply': '🙏 Restons respectueux, s’il vous plaît. Je suis là pour vous aider avec votre groupe dès que vous le souhaitez.',
  'injection.refusal':
    '🛡️ Je ne peux pas changer mes règles ni agir au-delà de vos droits. L’argent ne bouge que selon les règles de votre groupe, avec votre confirmation. Comment puis-je vous aider autrement ?',
  'common.error': '😕 Un problème est survenu de notre côté. Rien n’a été débité ni modifié — réessayez dans un instant.',
  'common.choose_group': '👥 Quel groupe ?\n{{groups}}\nRépondez avec un numéro.',
  'common.list_line': '{{number}}) {{text}}',
  'common.rate_limited': '⏳ Vous envoyez beaucoup de messages — laissez-moi un instant puis réessayez.',

  // ── Créer un groupe ──
  'group_create.ask_name':
    '🧩 *Créer un nouveau groupe*\nComment voulez-vous appeler votre groupe ?\n(Exemple : _Cercle familial_, _Épargne entre amies_, _Mamans du marché_)',
  'group_create.name_invalid': 'Choisissez un nom de groupe de 2 à {{max}} caractères.',
  'group_create.ask_amount': '💵 Combien chaque membre cotise-t-il à chaque tour ?\n(Exemple : *20 000 {{currency}}*)',
  'group_create.amount_invalid': 'Je n’ai pas pu lire ce montant. Envoyez un nombre et une devise, par ex. *20 000 {{currency}}*.',
  'group_create.currency_unsupported': 'Désolé, la devise *{{currency}}* n’est pas encore prise en charge. Devises acceptées : {{currencies}}.',
  'group_create.ask_frequency': '📆 À quelle fréquence les membres cotisent-ils ?\n1) Chaque semaine\n2) Toutes les deux semaines\n3) Chaque mois',
  'group_create.ask_start_date': '🗓️ Quand la première cotisation est-elle due ?\n(Exemple : _vendredi prochain_, _1er mars_, ou *2026-12-04*)',
  'group_create.start_date_invalid': 'Je n’ai pas pu lire cette date. Essayez _vendredi prochain_ ou une date comme *2026-12-04*.',
  'group_create.start_date_past': 'Cette date est déjà passée. Choisissez une date à partir d’aujourd’hui.',
  'group_create.date_understood': '📅 C’est noté : *{{date}}*.',
  'group_create.ask_members_count': '👥 Combien de membres aura le groupe, vous compris ? ({{min}} à {{max}})',
  'group_create.members_count_invalid': 'Envoyez un nombre entre {{min}} et {{max}}.',
  'group_create.ask_payout_order':
    '🔄 Comment décider qui reçoit la cagnotte à chaque tour ?\n' +
    '1) 🎲 Tirage au sort — vérifiable, au démarrage du groupe\n' +
    '2) ✋ Au choix — chaque membre choisit un tour libre\n' +
    '3) 🔨 Enchères — on enchérit à chaque tour ; la remise est partagée\n' +
    '4) 📝 Manuel — vous fixez l’ordre',
  'group_create.ask_late_fee': '⏱️ Pénalité si quelqu’un paie après le délai de grâce ?\n(Exemple : *1 000 {{currency}}*, *5 %*, ou *0* pour aucune)',
  'group_create.late_fee_invalid': 'Envoyez un montant (ex. *1 000*), un pourcentage jusqu’à {{max_percent}} % (ex. *5 %*), ou *0* pour aucune.',
  'group_create.ask_grace_days': '🤝 Combien de jours de grâce après l’échéance avant qu’un paiement soit en retard ? (0 à {{max}})',
  'group_create.grace_days_invalid': 'Envoyez un nombre de jours entre 0 et {{max}}.',
  'group_create.ask_quorum': '🎯 Quelle part des cotisations doit être réunie avant de verser la cagnotte ? (Par défaut *100 %*)',
  'group_create.quorum_invalid': 'Envoyez un pourcentage entre {{min}} % et 100 %.',
  'group_create.summary':
    '📋 *Récapitulatif du groupe*\n*{{group_name}}*\n' +
    '• Cotisation : *{{amount}} {{currency}}* ({{frequency}})\n' +
    '• Première échéance : *{{start_date}}*\n' +
    '• Membres : *{{members_count}}*\n' +
    '• Ordre des versements : *{{payout_rule}}*\n' +
    '• Pénalité de retard : *{{late_fee}}* après *{{grace_days}}* jour(s) de grâce\n' +
    '• Versement libéré quand *{{quorum}} %* ont payé\n' +
    '• Frais de la plateforme : *{{platform_fee}}*\n\n' +
    'Répondez *CONFIRMER* pour créer le groupe, ou dites-moi ce qu’il faut changer.',
  'group_create.correction_applied': '✏️ Modifié : {{field}}.',
  'group_create.cancelled': '👍 Création du groupe annulée. Rien n’a été créé.',
  'group.created':
    '🎉 *Groupe créé !*\n*{{group_name}}*\n' +
    '• Cotisation : *{{amount}} {{currency}}* ({{frequency}})\n' +
    '• Début : *{{start_date}}*\n' +
    '• Versements : *{{payout_rule}}*\n\n' +
    'Invitez les membres avec ce lien :\n{{invite_link}}\n\n' +
    'Répondez *RÈGLES* pour voir toutes les règles, ou *DÉMARRER* quand tout le monde a rejoint.',
  'group.commitment_published':
    '🔒 L’ordre des versements sera tiré au sort équitablement. Empreinte scellée du tirage :\n`{{commitment}}`\n' +
    'Au démarrage du groupe, je révélerai le secret correspondant pour que chacun puisse vérifier l’ordre.',
  'group.invite_text':
    '👋 Rejoins ma tontine *{{group_name}}* sur Likelemba !\n' +
    '{{amount}} {{currency}} {{frequency}}, {{members_count}} membres.\n' +
    'Touche ce lien pour rejoindre : {{invite_link}}\n(ou envoie *JOIN {{code}}* au {{bot_number}})',
  'group.invite_qr_caption': '📷 Scannez pour rejoindre *{{group_name}}* (code *{{code}}*).',
  'group.rules':
    '📜 *Règles — {{group_name}}*\n' +
    '• Cotisation : *{{amount}} {{currency}}* ({{frequency}}), à payer avant *{{due_time}}* le jour de l’échéance\n' +
    '• Première échéance : *{{start_date}}*\n' +
    '• Membres : *{{members_count}}*\n' +
    '• Ordre des versements : *{{payout_rule}}*\n' +
    '• Délai de grâce : *{{grace_days}}* jour(s), puis pénalité de *{{late_fee}}*\n' +
    '• Versement libéré quand *{{quorum}} %* ont payé\n' +
    '• L’argent est gardé sous séquestre et n’est libéré que selon ces règles.',
  'group.rules_updated': '📜 Les règles de *{{group_name}}* ont été modifiées par {{actor_name}} :\n{{changes}}',

  // ── Rejoindre ──
  'join.invited':
    '🤝 Vous êtes invité(e) à rejoindre *{{group_name}}*.\n' +
    'Cotisation : *{{amount}} {{currency}}* ({{frequency}})\n' +
    'Règles : pénalité de retard *{{late_fee}}*, délai de grâce *{{grace_days}}* jour(s).\n\n' +
    'Répondez *J’ACCEPTE* pour rejoindre, ou *RÈGLES* pour les détails.',
  'join.welcome':
    '🎉 Bienvenue dans *{{group_name}}* ! Vous êtes le membre {{members_joined}} sur {{members_count}}.\n' +
    'Je vous rappellerai chaque cotisation avant son échéance.',
  'join.already_member': '😊 Vous êtes déjà membre de *{{group_name}}*. Répondez *STATUT* pour le voir.',
  'join.group_full': '😕 Désolé, *{{group_name}}* est complet ({{members_count}} membres). Demandez à l’organisateur pour le prochain cycle.',
  'join.code_unknown': '🤔 Je ne trouve aucun groupe avec le code *{{code}}*. Vérifiez le lien avec la personne qui vous a invité(e).',
  'join.code_expired': '⌛ Ce lien d’invitation a expiré. Demandez-en un nouveau à l’organisateur du groupe.',
  'join.group_not_open': '🔒 *{{group_name}}* n’accepte pas de nouveaux membres pour le moment (il a déjà démarré ou a été fermé).',
  'join.organizer_notified': '👋 *{{member_name}}* a rejoint *{{group_name}}* ({{members_joined}}/{{members_count}}).',
  'join.all_joined': '🥳 Tout le monde a rejoint *{{group_name}}* ({{members_count}}/{{members_count}}). Répondez *DÉMARRER* pour commencer !',

  // ── Démarrage et ordre des versements ──
  'group.start_confirm':
    '🚀 Démarrer *{{group_name}}* avec *{{members_joined}}* membres ?\n' +
    'Première cotisation due le *{{first_due_date}}*. L’ordre des versements sera fixé maintenant.\n' +
    'Répondez *CONFIRMER* pour démarrer.',
  'group.start_not_enough': '⏳ *{{group_name}}* compte {{members_joined}} membres sur {{members_count}}. Tout le monde doit rejoindre avant le démarrage.',
  'group.started':
    '🚀 *{{group_name}}* a démarré !\n' +
    'Première cotisation : *{{amount}} {{currency}}* due le *{{due_date}}*.\n' +
    'Votre tour de versement : *{{turn}}* sur {{members_count}}, le *{{payout_date}}*. 💰',
  'group.started_auction':
    '🚀 *{{group_name}}* a démarré !\n' +
    'Première cotisation : *{{amount}} {{currency}}* due le *{{due_date}}*.\n' +
    'À chaque tour, les membres qui n’ont pas encore reçu la cagnotte peuvent enchérir. Je vous préviendrai à l’ouverture des enchères. 🔨',
  'group.order_reveal':
    '🎲 *Ordre des versements — {{group_name}}*\n{{order_lines}}\n\n' +
    '🔍 Vérifiez vous-même :\nGraine secrète : `{{seed}}`\nEmpreinte publiée à la création : `{{commitment}}`\n' +
    'sha256(graine) doit être égal à l’empreinte, et la place de chaque membre vient du tri de sha256(graine + identifiant du membre).',
  'group.order_line': '{{position}}. {{member_name}} — {{payout_date}}',
  'order.choose_slot': '✋ Choisissez votre tour de versement dans *{{group_name}}*.\nTours libres : {{free_slots}}\nRépondez avec un numéro.',
  'order.slot_taken': '😕 Le tour {{slot}} est déjà pris. Tours libres : {{free_slots}}.',
  'order.slot_confirmed': '✅ Vous recevrez la cagnotte au tour *{{slot}}*, le *{{payout_date}}*.',
  'order.changed': '⚠️ L’ordre des versements de *{{group_name}}* a été modifié par {{actor_name}} :\n{{order_lines}}',
  'member.removed': 'ℹ️ *{{member_name}}* a été retiré(e) de *{{group_name}}* par {{actor_name}}.',
  'member.removed_you': 'ℹ️ Vous avez été retiré(e) de *{{group_name}}* par {{actor_name}}. Répondez *ASSISTANCE* si vous pensez que c’est une erreur.',
  'member.remove_refused_received':
    '🚫 *{{member_name}}* a déjà reçu la cagnotte et doit encore *{{amount}} {{currency}}*. Impossible de le/la retirer avant le règlement.',
  'member.remove_refused_organizer': '🚫 L’organisateur ne peut pas être retiré du groupe.',

  // ── Enchères ──
  'auction.open':
    '🔨 *Enchères ouvertes — {{group_name}}, tour {{cycle_no}}*\n' +
    'Cagnotte : *{{pot}}*. Répondez avec la remise que vous acceptez pour la recevoir maintenant (maximum *{{max_discount}}*).\n' +
    'La plus forte remise l’emporte et est partagée entre les autres membres. Clôture : *{{closes_at}}*.',
  'auction.bid_received': '✅ Offre reçue : remise de *{{discount}}*. Vous pouvez la modifier jusqu’à la clôture.',
  'auction.bid_invalid': 'Envoyez une remise entre 0 et *{{max_discount}}*.',
  'auction.not_eligible': 'ℹ️ Vous avez déjà reçu la cagnotte de *{{group_name}}*, vous ne pouvez plus enchérir.',
  'auction.won':
    '🏆 Vous remportez la cagnotte de ce tour dans *{{group_name}}* !\nVous recevrez *{{payout}}* (cagnotte {{pot}} − remise {{discount}}) le *{{payout_date}}*.',
  'auction.won_fee':
    '🏆 Vous remportez la cagnotte de ce tour dans *{{group_name}}* !\nVous recevrez *{{payout}}* (cagnotte {{pot}} − remise {{discount}} − frais de service {{fee}}) le *{{payout_date}}*.',
  'auction.dividend_credited':
    '🎁 *{{group_name}}* : votre dividende de *{{dividend}}* (tour {{cycle_no}}) vous est crédité. Votre prochaine cotisation est de *{{amount}}*, à payer le *{{due_date}}*.',
  'auction.dividend_held':
    '🎁 *{{group_name}}* : votre dividende de *{{dividend}}* (tour {{cycle_no}}) est conservé pour vous en séquestre. Il ne reste aucune cotisation dont le déduire : il vous sera versé sur votre mobile money à la fin du groupe. Répondez *AIDE* pour toute question.',
  'auction.credit_paid_out_completed':
    '🎁 *{{group_name}}* est terminé et votre crédit de dividendes restant de *{{amount}}* n’avait plus de cotisation dont être déduit. Il est en route vers {{destination}}.\nRéf. : *{{payout_ref}}*',
  'auction.credit_paid_out_cancelled':
    '🎁 *{{group_name}}* a été annulé : votre crédit de dividendes restant de *{{amount}}* est en route vers {{destination}}.\nRéf. : *{{payout_ref}}*',
  'auction.credit_paid_out_removed':
    '🎁 Vous ne faites plus partie de *{{group_name}}* : votre crédit de dividendes restant de *{{amount}}* est en route vers {{destination}}.\nRéf. : *{{payout_ref}}*',
  'auction.credit_sent': '✅ *{{group_name}}* : votre crédit de dividendes de *{{amount}}* a été versé sur {{destination}}.\nRéf. : *{{payout_ref}}*',
  'auction.result':
    '🔨 *{{group_name}}, tour {{cycle_no}}* : *{{winner_name}}* remporte la cagnotte avec une remise de *{{discount}}*.\n' +
    'Votre dividende de *{{dividend}}* sera déduit de votre prochaine cotisation au versement de la cagnotte. 🎁',
  'auction.no_bids': '🎲 Aucune offre ce tour-ci dans *{{group_name}}* : la cagnotte revient par tirage à *{{winner_name}}*, sans remise.',
  'auction.none_open': 'ℹ️ Aucune enchère n’est ouverte dans vos groupes pour le moment. Je vous préviendrai à la prochaine ouverture. 🔨',
  'auction.last_turn':
    '🔨 *{{group_name}}*, tour {{cycle_no}} : *{{winner_name}}* est le dernier membre à ne pas avoir reçu la cagnotte ; il la reçoit entière, sans enchère.',
  'auction.tie_by_lot': '🎲 Plusieurs membres ont proposé la même remise : le gagnant a été tiré au sort (vérifiable avec la graine du groupe).',
  'group.start_date_passed':
    '📅 La première date de cotisation de *{{group_name}}* (*{{first_due_date}}*) est déjà passée. Changez d’abord la date de début (MODIFIER LES RÈGLES), puis relancez START.',

  // ── Rappels, pénalités, quorum, versements ──
  'reminder.due':
    '⏰ *Rappel de paiement — {{group_name}}*\n' +
    'Bonjour {{name}}, votre cotisation de *{{amount}} {{currency}}* est due le *{{due_date}}*.\n\n' +
    'Répondez :\n*PAYER* pour payer maintenant ✅\n*STATUT* pour voir votre historique\n*AIDE* en cas de problème',
  'reminder.due_today':
    '⏰ *À payer aujourd’hui — {{group_name}}*\n' +
    'Bonjour {{name}}, votre cotisation de *{{amount}} {{currency}}* est due aujourd’hui avant *{{due_time}}*.\n\n' +
    'Répondez *PAYER* pour payer maintenant ✅ ou *AIDE* en cas de problème.',
  'reminder.overdue':
    '👀 Petit rappel, {{name}}\n' +
    'Votre cotisation pour *{{group_name}}* a *{{days_late}}* jour(s) de retard.\n' +
    'Montant dû : *{{amount}} {{currency}}*\n\n' +
    'Répondez *PAYER* pour régulariser maintenant, ou *AIDE* si vous avez besoin d’aide.',
  'late_fee.applied':
    '⚠️ Une pénalité de retard de *{{fee}}* a été ajoutée pour *{{group_name}}* (tour {{cycle_no}}).\n' +
    'Total dû : *{{total}}*. Répondez *PAYER* pour régler, ou *AIDE* si vous aviez payé à temps.',
  'late_fee.waived': '✅ Votre pénalité de *{{fee}}* pour *{{group_name}}* a été annulée par {{actor_name}}.',
  'late_fee.reversed': '✅ Votre paiement avait bien été fait à temps : la pénalité de *{{fee}}* est annulée. Désolé pour le désagrément !',
  'cycle.quorum_met':
    '🎯 *Excellente nouvelle !*\n*{{group_name}}* a réuni les cotisations nécessaires pour ce tour.\n' +
    'Prochain versement : le *{{payout_date}}* à *{{recipient_name}}*.',
  'cycle.quorum_waiting': '📊 *{{group_name}}*, tour {{cycle_no}} : {{paid_count}} sur {{members_count}} ont payé (il en faut {{required_count}}).',
  'cycle.completed': '✅ Le tour {{cycle_no}} de *{{group_name}}* est terminé. Prochaine cotisation due le *{{next_due_date}}*.',
  'group.completed':
    '🏁 *{{group_name}}* a terminé son cycle complet — tout le monde a reçu la cagnotte. Merci à toutes et à tous ! 🙏\n' +
    'L’organisateur peut lancer un nouveau cycle depuis le menu de gestion.',
  'payout.scheduled':
    '💰 *Versement programmé*\nLe *{{payout_date}}*, *{{amount}} {{currency}}* seront versés à *{{recipient_name}}*.\n\n' +
    'Répondez *OK* pour confirmer, ou *LITIGE* si quelque chose ne va pas.',
  'payout.sent': '🎉 *Versement effectué !*\n*{{amount}} {{currency}}* ont été versés à *{{recipient_name}}* pour *{{group_name}}*.\nRéf. : *{{payout_ref}}*',
  'payout.received_you':
    '🎉 C’est votre tour, {{name}} ! *{{amount}} {{currency}}* de *{{group_name}}* sont en route vers {{destination}}.\nRéf. : *{{payout_ref}}*',
  'payout.failed':
    '⚠️ Le versement à *{{recipient_name}}* pour *{{group_name}}* n’a pas abouti. L’argent est en sécurité sous séquestre et nous allons réessayer. Réf. : *{{payout_ref}}*',
  'payout.held': '⏸️ Le versement de *{{group_name}}* est suspendu : {{reason}}. L’argent reste en sécurité sous séquestre.',
  'payout.ask_destination':
    '📱 Sur quel numéro mobile money voulez-vous recevoir vos versements ? Envoyez-le avec l’indicatif du pays, par ex. *+243812345678*. Je vous demanderai votre PIN avant de le changer.',
  'payout.destination_changed':
    '📱 Vos versements iront au *{{destination}}* à partir du *{{effective_date}}*. Pour votre sécurité, le changement prend effet après un court délai. Si ce n’est pas vous, répondez *ASSISTANCE* tout de suite.',
  'next_payout.info':
    '💰 *Prochain versement — {{group_name}}*\n*{{recipient_name}}* recevra *{{amount}} {{currency}}* le *{{payout_date}}*.\nVotre tour : *{{your_payout_date}}*.',
  'next_payout.none': 'ℹ️ Aucun versement à venir dans vos groupes pour le moment.',
  'my_groups.list': '👥 *Mes groupes*\n{{groups}}',
  'my_groups.line': '{{number}}) *{{group_name}}* — {{amount}} {{currency}} {{frequency}}, {{members_joined}}/{{members_count}} membres ({{role}})',

  // ── Groupes : champs du parcours, actions d’organisateur (issue 4) ──
  'group_create.field.name': 'nom du groupe',
  'group_create.field.amount': 'cotisation',
  'group_create.field.frequency': 'fréquence',
  'group_create.field.start_date': 'première échéance',
  'group_create.field.members_count': 'membres',
  'group_create.field.payout_order': 'ordre des versements',
  'group_create.field.late_fee': 'pénalité de retard',
  'group_create.field.grace_days': 'jours de grâce',
  'group_create.field.quorum': 'quorum',
  'group_create.frequency_invalid': 'Répondez *1*, *2* ou *3* (chaque semaine, toutes les deux semaines, chaque mois).',
  'group_create.payout_order_invalid': 'Répondez *1*, *2*, *3* ou *4*.',
  'group.none_organized': 'ℹ️ Vous n’organisez encore aucun groupe. Dites _créer un groupe_ pour commencer.',
  'group.not_open': 'ℹ️ *{{group_name}}* a déjà démarré.',
  'group.start_cancelled': '👍 D’accord, *{{group_name}}* n’a pas été démarré.',
  // ── end of a group: completion and cancellation ──
  'group.completed_summary':
    '🏁 *{{group_name}} est terminé !*\nLes *{{cycles}}* cycles sont finis et chaque versement a été envoyé.\n• Vous avez cotisé : *{{contributed}}*\n• Versé aux membres : *{{paid_out}}*\n\nMerci d’avoir épargné ensemble 🙏 Répondez *MENU* pour créer un nouveau groupe.',
  'group.cancel_confirm':
    '⚠️ *Annuler {{group_name}} ?*\nLe groupe n’a pas démarré : aucun argent n’a été collecté. Les {{members_joined}} membre(s) seront prévenus et le groupe sera fermé définitivement.\n\nRépondez *OUI* pour l’annuler (je vous demanderai votre PIN) ou *NON* pour le garder.',
  'group.cancelled_done': '✅ *{{group_name}}* est annulé. Tous les membres ont été prévenus.',
  'group.cancelled_notice':
    '❌ *Groupe annulé*\n*{{group_name}}* a été annulé par {{actor_name}} avant de démarrer. Aucun argent n’a été collecté.\n\nRépondez *MENU* pour voir ce que vous pouvez faire.',
  'group.schedule_changed':
    '📅 *{{group_name}}* : {{member_name}} a quitté le groupe, son tour de versement ({{dropped}}) est supprimé. Personne ne cotise pour ce tour, et l’argent déjà versé pour lui est remboursé.\nVersements restants :\n{{schedule}}\nLe groupe se termine après le versement du {{end_date}}.',
  'group.schedule_line': '• {{date}} : {{recipient}}',
  'group.schedule_by_auction': 'aux enchères',
  'group.cancelled_notice_active':
    '❌ *Groupe annulé — {{group_name}}*\nLe support Likelemba a annulé ce groupe.\n• Plus aucune cotisation ne sera collectée.\n• L’argent détenu en séquestre est remboursé sur le moyen de paiement utilisé.\n\nRépondez *AIDE* si vous avez une question.',
  'group.cancel_needs_admin':
    'ℹ️ *{{group_name}}* a déjà démarré et de l’argent est en séquestre : seul le support Likelemba peut l’annuler. Dites _parler à un conseiller_ pour le leur demander.',
  'group.closed': 'ℹ️ *{{group_name}}* est déjà fermé (terminé ou annulé).',
  'group_state.completed': '🏁 terminé',
  'group_state.cancelled': '❌ annulé',
  'approval.summary.cancel_group': 'annuler *{{group_name}}*',
  'payment.group_cancelled':
    'ℹ️ *{{group_name}}* a été annulé : plus aucune cotisation n’est collectée. L’argent détenu en séquestre est remboursé sur le moyen de paiement utilisé.',
  'admin.summary.cancel_group':
    'annuler *{{group_name}}* ({{status}}, {{members}} membres) : les cotisations s’arrêtent, ce que le séquestre détient ({{held}}) est remboursé aux payeurs et les crédits d’enchères restants sont versés',
  'edit_rules.ask': `✏️ Que voulez-vous changer dans *{{group_name}}* ?
Par exemple : _pénalité 200_, _grâce 2 jours_, _quorum 80%_.`,
  'edit_rules.not_understood': '🤔 Je n’ai pas trouvé de règle à changer. Essayez _pénalité 200_ ou _grâce 3 jours_, ou *ANNULER*.',
  'edit_rules.locked': '🔒 Le champ « {{field}} » ne peut changer qu’avant le démarrage du groupe.',
  'edit_rules.done': '✅ Règles de *{{group_name}}* mises à jour :\n{{changes}}\nTous les membres ont été prévenus.',
  'member.remove_which': '👥 Qui faut-il retirer de *{{group_name}}* ? Membres : {{members}}',
  'member.not_found': '🤔 Je ne trouve pas *{{member_name}}* dans *{{group_name}}*. Membres : {{members}}',
  'member.removed_done': '✅ *{{member_name}}* a été retiré(e) de *{{group_name}}*. Tout le monde a été prévenu.',
  'order.change_ask': '📝 Envoyez le nouvel ordre des versements, les noms séparés par des virgules, ex. _{{example}}_.',
  'order.change_invalid': '🤔 Le nouvel ordre doit citer chaque membre une seule fois. Membres : {{members}}',
  'order.changed_done': '✅ Nouvel ordre des versements pour *{{group_name}}* :\n{{order_lines}}\nTout le monde a été prévenu.',
  'order.not_chosen_group': 'ℹ️ Dans *{{group_name}}*, l’ordre des versements est : {{payout_rule}}. Il n’y a pas de tour à choisir.',
  'cycle.status': '📊 *{{group_name}}* — cycle {{cycle_no}} sur {{cycles_total}}, échéance *{{due_date}}*\n{{lines}}',
  'cycle.status_line': '• {{member_name}} : {{contribution_status}}',
  'group_admin.no_exceptions': '✅ Aucune exception n’attend votre approbation dans *{{group_name}}*.',
  'group_admin.manage_members':
    '👥 *Membres de {{group_name}}* ({{members_joined}}/{{members_count}})\n{{members}}\n\nPour retirer quelqu’un, dites _retirer_ et son nom. Pour inviter, dites _inviter_.',
  'cycle.not_started': 'ℹ️ *{{group_name}}* n’a pas encore démarré ({{members_joined}}/{{members_count}} membres).',

  // ── Paiements ──
  'payment.choose_method': '💳 *Choisissez le moyen de paiement*\n1) Mobile Money (M‑Pesa / Orange / Tigo)\n2) Carte/Banque (Stripe)\n\nRépondez *1* ou *2*.',
  'payment.ask_wallet':
    '📱 Sur quel numéro Mobile Money envoyer la demande de paiement ?\nRépondez *1* pour utiliser le {{phone_masked}}, ou envoyez un autre numéro.',
  'payment.wallet_invalid': 'Ce numéro ne ressemble pas à un numéro Mobile Money. Envoyez-le avec l’indicatif du pays, par ex. *+243812345678*.',
  'payment.momo_sent':
    '📲 Demande Mobile Money envoyée !\nValidez la demande sur votre téléphone pour payer *{{amount}} {{currency}}*.\n\n' +
    'Je vous préviens dès que le paiement est reçu.\nRéf. : *{{payment_ref}}*',
  'payment.stripe_link': '🔒 Lien de paiement sécurisé (Stripe) :\n{{stripe_link}}\n\nAprès le paiement, vous recevrez votre reçu ici.',
  'payment.receipt':
    '✅ *Paiement reçu*\n*{{amount}} {{currency}}* pour *{{group_name}}*\n' +
    'Date : *{{paid_at}}*\nReçu : *{{receipt_id}}*\n' +
    'Registre : écriture n° {{ledger_seq}} · {{ledger_hash}}\n\nMerci, {{name}} 🙏',
  'payment.pending':
    '⏳ Votre paiement *{{payment_ref}}* attend encore la confirmation de l’opérateur. Je vous écris dès qu’il est confirmé — inutile de payer à nouveau.',
  'payment.nothing_due': '🙌 Vous n’avez rien à payer pour le moment dans *{{group_name}}*.',
  'payment.already_paid': '✅ Vous avez déjà payé la cotisation de ce tour pour *{{group_name}}*. Merci !',
  'payment.failed.insufficient_funds':
    '❌ Paiement échoué : solde insuffisant pour *{{amount}} {{currency}}*. Rechargez votre compte puis répondez *PAYER* pour réessayer.',
  'payment.failed.cancelled': '❌ Le paiement a été annulé sur votre téléphone, rien n’a été débité. Répondez *PAYER* quand vous serez prêt(e).',
  'payment.failed.timeout': '⌛ La demande de paiement a expiré avant d’être validée. Rien n’a été débité. Répondez *PAYER* pour en recevoir une nouvelle.',
  'payment.failed.wrong_pin': '❌ Le code Mobile Money saisi était incorrect, rien n’a été débité. Répondez *PAYER* pour réessayer.',
  'payment.failed.generic': '❌ Le paiement n’a pas abouti et rien n’a été débité. Répondez *PAYER* pour réessayer, ou *AIDE*.',
  'receipts.list': '🧾 *Mes reçus*\n{{receipts}}',
  'receipts.line': '• {{paid_at}} — *{{amount}} {{currency}}*, {{group_name}} ({{receipt_id}})',
  'receipts.none': '🧾 Aucun reçu pour l’instant. Ils apparaîtront ici après chaque paiement.',
  'payment.choose_due': '💳 Quelle cotisation voulez-vous payer ?\n{{lines}}\n\nRépondez par un numéro.',
  'payment.due_line': '{{number}}) *{{group_name}}* — {{amount}} {{currency}}, échéance {{due_date}}',
  'payment.nothing_due_any': '🙌 Vous n’avez rien à payer pour le moment. Merci !',
  'payment.cancelled': '👍 D’accord, le paiement est annulé. Rien n’a été débité.',
  'payment.method_unavailable': '⚠️ Ce moyen de paiement n’est pas disponible pour le moment. Choisissez l’autre, ou répondez *AIDE*.',
  'payment.partial':
    '🧾 Nous avons reçu *{{amount}} {{currency}}* pour *{{group_name}}*, moins que la cotisation. Il reste *{{remaining}} {{currency}}* à payer — répondez *PAYER* pour envoyer le reste.\nReçu : *{{receipt_id}}* · registre n°{{ledger_seq}} · {{ledger_hash}}',
  'payment.overpaid':
    '🧾 Vous avez payé *{{extra}} {{currency}}* de plus que le montant dû pour *{{group_name}}*. Votre cotisation est enregistrée et le surplus vous sera remboursé après vérification.',
  'payment.duplicate':
    '🧾 Nous avons reçu un second paiement de *{{amount}} {{currency}}* pour *{{group_name}}* ce tour-ci. Il est en sécurité sous séquestre et vous sera remboursé après vérification.',
  'payment.review':
    '🧾 Nous avons reçu *{{amount}} {{currency}}* mais n’avons pas pu l’ajouter automatiquement à votre cotisation. L’argent est en sécurité ; notre équipe va vérifier et vous contacter.',
  'payment.status_none': 'ℹ️ Vous n’avez encore effectué aucun paiement. Répondez *PAYER* pour payer une cotisation.',

  // ── Remboursements, litiges, assistance ──
  'refund.requested':
    '🧾 *Remboursement demandé*\nMontant : *{{amount}} {{currency}}*\nMotif : *{{reason}}*\n\n' +
    'Votre demande est en cours d’examen. Nous vous tiendrons informé(e) rapidement.\nRéf. : *{{refund_ref}}*',
  'refund.auto_group_cancelled':
    '↩️ *{{group_name}}* a été annulé : votre paiement de *{{amount}} {{currency}}* vous est remboursé sur votre moyen de paiement. Réf. : *{{refund_ref}}*',
  'refund.auto_turn_dropped':
    '↩️ Le tour de versement pour lequel vous avez payé *{{amount}} {{currency}}* dans *{{group_name}}* a été supprimé (son bénéficiaire a quitté le groupe) : votre paiement vous est remboursé sur votre moyen de paiement. Réf. : *{{refund_ref}}*',
  'refund.approved': '👍 Votre remboursement de *{{amount}} {{currency}}* a été approuvé et est en cours d’envoi. Réf. : *{{refund_ref}}*',
  'refund.rejected': 'ℹ️ Votre demande de remboursement *{{refund_ref}}* n’a pas été acceptée : {{reason}}. Répondez *ASSISTANCE* pour parler à quelqu’un.',
  'refund.completed': '✅ *Remboursement effectué*\n*{{amount}} {{currency}}* ont été remboursés sur votre moyen de paiement.\nRéf. : *{{refund_ref}}*',
  'refund.failed': '⚠️ Votre remboursement *{{refund_ref}}* n’a pas encore pu être envoyé. L’argent est en sécurité et notre équipe s’en occupe.',
  'dispute.ask_type':
    '🛑 *Ouvrir un litige*\nQue s’est-il passé ?\n1) J’ai payé mais ce n’est pas enregistré\n2) Le versement est allé à la mauvaise personne\n3) Fraude de l’organisateur\n4) Autre chose',
  'dispute.opened':
    '🛑 *Litige ouvert* (Réf. : *{{dispute_id}}*)\nType : *{{dispute_type}}*\n\n' +
    'Envoyez ici toute preuve utile (captures d’écran, reçus).\n' +
    'Nous pourrons geler temporairement les fonds concernés pendant l’enquête.',
  'dispute.evidence_received': '📎 Preuve reçue pour le litige *{{dispute_id}}*. Merci.',
  'dispute.funds_frozen': '🧊 Une partie du séquestre de *{{group_name}}* ({{amount}} {{currency}}) est gelée pendant l’examen du litige *{{dispute_id}}*.',
  'dispute.resolved': '✅ Le litige *{{dispute_id}}* est résolu : {{outcome}}.',
  'support.handoff':
    '🧑‍💼 Un agent de l’assistance va vous aider très vite.\nEn attendant, répondez avec :\n' +
    '• la *RÉF. DE PAIEMENT* (si vous l’avez)\n• une courte description du problème',

  // ── Administration de la plateforme ──
  'admin.not_authorized': '🚫 Ce menu est réservé à l’équipe Likelemba.',
  'admin.totp_prompt': '🛡️ Envoyez le code à 6 chiffres de votre application d’authentification.',
  'admin.totp_invalid': '❌ Ce code n’est pas valide. Réessayez.',
  // ── Litiges, remboursements et administration (ticket 6) ──
  'dispute_type.card_chargeback': 'Contestation de carte',
  'dispute.ask_group': '🛑 Quel groupe est concerné ?\n{{groups}}\n\nRépondez avec un numéro.',
  'dispute.no_groups': 'ℹ️ Vous n’êtes dans aucun groupe actif : il n’y a rien à contester. Répondez *ASSISTANCE* pour parler à quelqu’un.',
  'dispute.ask_ref': '🧾 Envoyez la référence du paiement (par exemple *pay_…* ou votre code Mobile Money). Si vous ne l’avez pas, répondez _passer_.',
  'dispute.payment_found':
    '✅ J’ai vérifié auprès du prestataire : votre paiement de *{{amount}} {{currency}}* pour *{{group_name}}* a bien été reçu et il est maintenant enregistré. Reçu : *{{receipt_id}}*. Aucun litige n’est nécessaire.',
  'dispute.payment_already_recorded':
    'ℹ️ Ce paiement (*{{amount}} {{currency}}*, *{{group_name}}*) est déjà enregistré. Reçu : *{{receipt_id}}*. Si autre chose ne va pas, répondez *LITIGE*.',
  'dispute.payment_not_found': '🔎 Le prestataire n’indique aucun paiement abouti pour cette référence : notre équipe va vérifier.',
  'dispute.evidence_more': '📎 Envoyez maintenant vos captures d’écran ou reçus (autant que vous voulez), puis répondez _terminé_.',
  'dispute.evidence_done': '🙏 Merci. Notre équipe examine le litige *{{dispute_id}}* ; nous vous écrirons ici.',
  'dispute.evidence_closed': 'ℹ️ Le litige *{{dispute_id}}* n’accepte plus de preuves. Répondez *ASSISTANCE* pour parler à quelqu’un.',
  'dispute.evidence_failed': '⚠️ Je n’ai pas pu télécharger ce fichier. Renvoyez-le, s’il vous plaît.',
  'dispute.cancelled': 'D’accord, aucun litige n’a été ouvert.',
  'dispute.stripe_opened':
    '🛑 Votre banque a ouvert une contestation sur votre paiement pour *{{group_name}}* (Réf : *{{dispute_id}}*). Les fonds concernés sont gelés pendant l’examen.',
  'dispute.outcome.release': 'les fonds gelés sont libérés',
  'dispute.outcome.refund': 'un remboursement de *{{amount}} {{currency}}* est en route',
  'dispute.outcome.chargeback': 'le paiement a été restitué à la carte',
  'dispute.group_released': '✅ Le litige dans *{{group_name}}* est résolu ; le séquestre n’est plus gelé.',
  'dispute.status_title': '🛑 *Vos litiges*',
  'dispute.status_item':
    '*{{dispute_id}}* · {{group_name}}\nType : *{{dispute_type}}*\nÉtat : *{{state}}* (étape {{step}} sur 5 : ouvert → preuves → enquête → résolu → clôturé){{outcome}}\nDernière mise à jour : {{updated}}\nEnsuite : {{next}}',
  'dispute.status_outcome': 'Issue : *{{outcome}}*',
  'dispute.status_footer': 'Nous vous écrirons ici dès que quelque chose change. Répondez *ASSISTANCE* pour parler à quelqu’un.',
  'dispute.status_none': 'ℹ️ Vous n’avez aucun litige. Si un paiement ou un versement pose problème, répondez *LITIGE*.',
  'dispute.status_not_yours': '🚫 Je ne peux pas afficher le litige *{{dispute_id}}* : vous ne pouvez voir que vos propres litiges.',
  'dispute.state.opened': 'Ouvert',
  'dispute.state.evidence': 'Collecte des preuves',
  'dispute.state.investigation': 'En cours d’enquête',
  'dispute.state.resolved': 'Résolu',
  'dispute.state.closed': 'Clôturé',
  'dispute.next.opened': 'envoyez ici vos captures d’écran ou reçus ; notre équipe examinera ensuite votre litige.',
  'dispute.next.evidence': 'notre équipe examine vos preuves et ouvre l’enquête (vous pouvez encore en envoyer).',
  'dispute.next.investigation': 'un administrateur Likelemba enquête et va décider ; les fonds concernés restent gelés jusque-là.',
  'dispute.next.resolved': 'la décision est en cours d’exécution, puis le litige sera clôturé.',
  'dispute.next.closed': 'plus rien à faire.',
  'dispute.result.release': 'fonds gelés libérés',
  'dispute.result.refund': 'remboursé',
  'dispute.result.chargeback': 'restitué à la carte',
  'refund.none':
    'ℹ️ Je ne trouve aucune cotisation remboursable avant son versement. Après un versement, l’argent ne revient que par un litige : répondez *LITIGE*.',
  'refund.ask_organizer':
    '🧾 *{{member_name}}* demande le remboursement de *{{amount}} {{currency}}* dans *{{group_name}}*. Pour l’approuver, répondez *approve refund {{refund_ref}}*.',
  'refund.confirm_approval':
    '🧾 Approuver le remboursement *{{refund_ref}}* : *{{amount}} {{currency}}* à *{{member_name}}* ({{group_name}}) ?\nRépondez *OUI* pour confirmer ou *NON* pour annuler.',
  'refund.approval_recorded': '👍 Votre approbation du remboursement *{{refund_ref}}* est enregistrée. Il faut maintenant un administrateur de la plateforme.',
  'refund.approval_complete': '✅ Le remboursement *{{refund_ref}}* est entièrement approuvé et part par le moyen de paiement d’origine.',
  'refund.approval_refused': '🚫 Vous ne pouvez pas approuver le remboursement *{{refund_ref}}* maintenant : {{reason}}.',
  'refund.reason.approver_is_requester': 'vous l’avez demandé vous-même',
  'refund.reason.role_already_approved': 'cette approbation a déjà été donnée',
  'refund.reason.approver_already_approved': 'vous l’avez déjà approuvé',
  'refund.reason.group_admin_first': 'l’organisateur du groupe doit d’abord approuver',
  'refund.reason.not_found': 'ce remboursement n’existe pas',
  'refund.reason.not_requested': 'il n’attend plus d’approbation',
  'refund.reason.not_organizer': 'vous n’êtes pas l’organisateur de ce groupe',
  'refund.reason.post_release_requires_dispute': 'après un versement, les remboursements passent par un litige',
  'refund.reason.other': 'le registre l’a refusé',
  'admin.totp_enrol': '🛡️ Scannez le QR code que je viens d’envoyer avec votre application d’authentification, puis envoyez le code à 6 chiffres affiché.',
  'admin.totp_ok': '✅ Vérifié pour {{minutes}} minutes.\n\n{{menu}}',
  'admin.help':
    '🛡️ Commandes : *show open disputes* · *dispute dsp_… : refund NOM MONTANT* · *dispute dsp_… : release* · *dispute dsp_… : chargeback* · *freeze group NOM* · *unfreeze group NOM* · *cancel group NOM* · *search +243…* · *approve refund rfd_…* · *refund requests* · *risk flags* · *tickets* · *reply tkt_… : TEXTE*',
  'admin.confirm': '⚠️ *Confirmation requise*\n{{summary}}\n\nRépondez *OUI* pour confirmer ou *NON* pour annuler.',
  'admin.cancelled': 'D’accord, rien n’a été modifié.',
  'admin.nothing_to_confirm': 'ℹ️ Rien n’attend votre confirmation.',
  'admin.done': '✅ Fait : {{summary}}',
  'admin.refused': '🚫 Non fait : {{reason}}',
  'admin.list_empty': '{{title}}\nRien pour le moment.',
  'admin.list': '{{title}}\n{{lines}}',
  'admin.disputes_title': '🛑 *Litiges ouverts*',
  'admin.refunds_title': '🧾 *Demandes de remboursement*',
  'admin.flags_title': '🚩 *Alertes de risque*',
  'admin.tickets_title': '🧑‍💼 *Tickets de support*',
  'admin.search_title': '🔎 *Recherche :* {{query}}',
  'admin.ask_search_user': '🔎 Envoyez le numéro de téléphone à chercher (par exemple +243…).',
  'admin.ask_search_group': '🔎 Envoyez le nom du groupe à chercher.',
  'admin.unavailable': 'ℹ️ *{{item}}* n’est pas encore disponible dans WhatsApp ; utilisez la console web.',
  'admin.config': '⚙️ *Configuration*\n{{lines}}',
  'admin.member_said': 'écrit par le membre (données, pas des instructions)',
  'admin.notice_freeze':
    '🧊 *{{group_name}}* : l’équipe Likelemba a gelé temporairement le séquestre de ce cycle pour examiner le groupe. Le versement attend jusque-là. Répondez *ASSISTANCE* pour toute question.',
  'admin.ticket_reply': '🧑‍💼 *Support Likelemba :* {{text}}',
  'admin.summary.resolve_refund': 'litige *{{dispute_id}}* — rembourser *{{amount}} {{currency}}* à *{{member_name}}* ({{group_name}})',
  'admin.summary.resolve_release': 'litige *{{dispute_id}}* — libérer les fonds gelés ({{group_name}})',
  'admin.summary.resolve_chargeback': 'litige *{{dispute_id}}* — restituer *{{amount}} {{currency}}* à la carte ({{group_name}})',
  'admin.summary.freeze': 'geler le séquestre de *{{group_name}}* (cycle {{cycle_no}})',
  'admin.summary.unfreeze': 'lever les gels (risque/admin) de *{{group_name}}*',
  'admin.summary.reply': 'répondre au ticket *{{ticket_id}}* : « {{text}} »',
  'admin.reason.not_found': 'introuvable',
  'admin.reason.name_mismatch': 'le remboursement de ce litige ne peut aller qu’à *{{member_name}}*',
  'admin.reason.amount_invalid': 'le montant doit être entre 1 et ce qui a été payé',
  'admin.reason.state': 'son état ne le permet pas',
  'admin.reason.ambiguous': 'plusieurs groupes correspondent ; utilisez l’identifiant du groupe',
  'admin.reason.no_cycle': 'le groupe n’a aucun cycle avec un séquestre à geler',
  'admin.reason.ledger': 'le registre l’a refusé ({{code}})',
  'admin.reason.not_admin': 'seul un administrateur vérifié de la plateforme peut le faire',
  'action.admin_resolve_dispute': 'résoudre un litige',
  'action.admin_unfreeze_group': 'lever le gel d’un groupe',
  'action.admin_freeze_group': 'geler le séquestre d’un groupe',
  'action.admin_approve_refund': 'approuver un remboursement (plateforme)',
  'action.approve_refund_group': 'approuver un remboursement (organisateur)',
};
