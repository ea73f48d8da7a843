# sitrep's PLOVER trigger lexicon.
#
# One line per group of triggers:   TYPE[/mode][+context,context] CAMEO : pattern, pattern, ...
# A pattern is a lemma, optionally with more words:
#   meet                    a verb
#   rule out                a verb with its particle ("ruled out", "ruling it out")
#   n:talks                 a noun (a nominal trigger: "talks with", "attacks against")
#   impose +sanction|curfew a verb whose object (or the object's noun) is one of these lemmas
#   n:fire +open            a noun that must be the object of one of these verbs
#   gather +s:protester     a verb whose subject is one of these lemmas
#   accept +_neg            a negated verb ("will not accept"); return +_obj: a verb with any object
# The most specific pattern that matches wins (object-constrained > particle > bare).
# A line whose CAMEO code is --- blocks the pattern: it matches and codes nothing.

# --- cooperation, statements of intent --------------------------------------
AGREE 030 : agree, pledge, promise, vow, commit, offer +_xcomp|talks|negotiation|dialogue|assistance|help|aid|support|concession|ceasefire|truce|mediation|resignation|asylum|deal|compromise|apology|condolence|cooperation|amnesty|guarantee|protection|troops|peace|settlement|plan|proposal|loan|compensation|reward
AGREE 036 : agree +talks|meeting|negotiation, accept +invitation|talks, n:invitation +extend|issue, invite
SUPPORT+diplomatic 057 : agree +agreement|deal|accord|treaty|pact, sign +agreement|deal|treaty|accord|pact|memorandum|ceasefire|truce|protocol|declaration|communique, ratify, n:agreement +reach|sign|strike|conclude|finalize|finalise|ink, n:deal +reach|sign|strike|seal|conclude|ink, n:accord +sign|reach|conclude, n:treaty +sign|conclude|ratify
AGREE+military 0356 : agree +ceasefire|truce, n:ceasefire +agree|accept|reach
RETREAT/ceasefire+military 0871 : n:ceasefire +declare|announce|observe|implement, n:truce +declare|announce|observe
CONSULT 040 : meet, discuss, consult, confer, talk, n:talks, n:negotiations, n:talks +hold|have|pursue|begin|start|open|resume|continue|conduct|attend|join|launch|enter, n:meeting +hold|have|attend, n:consultation +hold, n:discussion +hold|begin|start|open|resume|continue|conduct, n:negotiation +hold|pursue|conduct|begin|resume|open, negotiate
CONSULT/phone 041 : phone, telephone, call +counterpart|president|minister|leader
CONSULT/visit 042 : visit, n:visit +pay|make|begin|end|conclude, tour, travel +to
CONSULT/visit 043 : host, receive +delegation|visitor|minister|president|counterpart|envoy
CONSULT+diplomatic 045 : mediate, n:mediation
SUPPORT 051 : praise, commend, hail, laud, welcome, applaud, endorse, back, congratulate, thank, approve +plan|proposal|policy|initiative|resolution|deal|agreement|measure|bill|reform, accept +proposal|plan|offer|initiative|approach|terms|resolution|recommendation|invitation, agree +proposal|plan|approach|initiative|terms|proposition|framework
SUPPORT 052 : defend
SUPPORT 054 : recognize +government|state|independence|sovereignty|regime, recognise +government|state|independence|sovereignty|regime, establish +ties|relations, restore +ties|relations, normalize +ties|relations, normalise +ties|relations, upgrade +ties|relations, resume +ties|relations
SUPPORT 050 : support, n:support +express|voice|pledge|extend|reaffirm|reiterate|convey|offer|declare|announce|assure|signal, n:solidarity +express|voice|convey|reaffirm|show, n:commitment +reaffirm|reiterate|express|renew, express +solidarity|support|sympathy|condolence, stand +by
COOPERATE 060 : cooperate, collaborate, n:cooperation +boost|expand|deepen|strengthen|enhance|increase
COOPERATE+economic 061 : trade +with, invest
COOPERATE+military 062 : n:exercise +hold|conduct|stage|military|joint|naval|war|air, n:drill +military|joint|naval, n:game +war, n:wargame, train +troops|forces|soldiers|pilots|officers|police|personnel|army|commandos|units|recruits|military
COOPERATE+intelligence 064 : share +intelligence|information|data|evidence|details|records|files|expertise|technology
AID 070 : aid, n:aid +provide|send|give|deliver|extend|offer|announce|pledge|approve|allocate|grant|release|dispatch|airlift|donate|disburse|increase|contribute|ship, n:assistance +provide|send|give|deliver|extend|offer|continue|announce|pledge|approve|allocate|grant|release|dispatch|disburse|increase|contribute, provide +aid|assistance|support|funding|fund|loan|grant|relief|food|shelter|medicine|drug|vaccine|supplies|equipment|training|money|help|$|€|£|dollar|euro|pound|yen|yuan|rupee|franc|million|billion, give +aid|assistance|funding|loan|grant|relief|money|help|food|medicine|vaccine|supplies|equipment|$|€|£|dollar|euro|pound|yen|yuan|rupee|franc|million|billion, contribute +aid|assistance|relief|food|supplies|medicine|drug|vaccine|equipment|money|funding|fund|$|€|£|dollar|euro|pound|yen|yuan|rupee|franc|million|billion, send +aid|assistance|relief|food|supplies|medicine|drug|vaccine|equipment|money|funding|fund, deliver +aid|assistance|relief|food|supplies|medicine|drug|vaccine|equipment|money|funding|fund, assist
AID+economic 071 : lend, loan, n:loan +give|grant|provide|approve|extend, fund, finance, donate
AID+military 072 : arm, supply +weapons|arms|ammunition|missile|tank|jet|equipment|aircraft|drone|helicopter|vehicle, n:weapons +send|supply|deliver|provide
AID+humanitarian 073 : n:relief +send|deliver|provide, n:supplies +send|deliver|airdrop
AID+asylum 075 : grant +asylum|refuge, accept +refugee|migrant|asylum-seeker|evacuee, admit +refugee|migrant|asylum-seeker, resettle +refugee|migrant, take +refugee|migrant|asylum-seeker, shelter +refugee|migrant, n:asylum +grant|give|offer
AID/peacekeeping+military 074 : n:peacekeeper, n:mission +peacekeeping, n:operation +peacekeeping, n:force +peacekeeping
CONCEDE 080 : yield, concede, back +down, give +in, comply, n:concession +make|offer
CONCEDE 082 : call +off, end +strike|protest|boycott|demonstration|sit-in|blockade|siege, suspend +strike|protest|boycott|demonstration
CONCEDE 083 : accede, resign, step +down, accept +demand|condition, grant +demand
RETREAT 084 : return +prisoner|hostage|body|territory|land|property|_obj, release, free, hand +over
RETREAT/access 086 : allow +access|aid|inspector|observer|delivery|entry|peacekeeper|journalist|monitor|convoy, grant +permission|approval|authorization|authorisation|clearance|access, give +permission|approval|authorization|authorisation|clearance, permit +access|aid|inspector|observer|delivery|entry|journalist|monitor|convoy, n:access +allow|grant|give|open, open +border|crossing|corridor|airspace
RETREAT/release 0841 : release +prisoner|hostage|detainee|captive|activist|journalist, free +prisoner|hostage|detainee|captive, let +free, pardon, n:pardon +grant|give|issue, n:release +secure|announce|order
RETREAT 085 : lift +sanction|embargo|ban|restriction|blockade|curfew|boycott|tariff|siege|suspension|closure|lockdown|freeze|emergency, ease +sanction|embargo|restriction|curfew|tariff|lockdown|ban|blockade|siege, suspend +sanction|tariff, reduce +tariff|sanction|restriction, remove +sanction|tariff|restriction|ban|embargo|curfew|blockade, repeal +law|ban|sanction|restriction|decree
RETREAT/ceasefire+military 087 : halt +offensive|attack|fighting|hostilities|operation|bombing|shelling|airstrike|assault|advance|war|violence, stop +offensive|attack|fighting|hostilities|bombing|shelling|airstrike|assault|advance|war|violence, end +offensive|fighting|hostilities|war|siege|occupation|violence, cease +fire|hostilities|fighting|operation|attack|offensive|shelling|bombing
RETREAT/withdraw+military 0872 : withdraw, pull +out|back, retreat, n:withdrawal +announce|complete|begin|order|military|troop|force|army
RETREAT/disarm+military 0873 : disarm, demobilize, surrender, lay +down
REQUEST 100 : request, urge, ask +for|_xcomp, appeal, call +on|for, plead, beg, order, seek +help|aid|assistance|support|release|extradition|ceasefire|talks|dialogue|investigation|asylum|refuge|protection|return|compensation|clarification|explanation, n:demand +reiterate|make|issue|renew|repeat|voice|press|put|submit|present|raise, invite +to, n:call +issue|make|renew|repeat, n:appeal +make|issue|launch
REQUEST 101 : demand, insist
# Courtroom senses: "pleaded guilty" is no appeal.
REQUEST --- : plead +guilty|innocent|not|no, n:plea +guilty|innocent
AID+economic 071 : forgive +debt|loan|million|billion|arrears|payment, n:forgiveness +debt|loan, n:relief +debt
REQUEST 104 : advise, press, pressure, push +for
ACCUSE 090 : investigate, probe, n:investigation +launch|open|order|begin|announce|start|conduct|join|lead|head, n:probe +launch|open|order|start|conduct|lead|head, n:inquiry +launch|open|order|begin|announce|start|conduct|lead|head
ACCUSE 111 : criticize, criticise, condemn, denounce, slam, blast, blame, fault, lambaste, deplore, decry, rebuke, castigate, censure, n:criticism +draw|face|voice, n:condemnation +draw|express
ACCUSE 112 : accuse, allege, charge +with, n:allegation +make|level, n:accusation +make|level
ACCUSE 114 : complain, n:complaint +file|lodge|make|bring, summon +ambassador|envoy|diplomat
ACCUSE+legal 115 : sue, n:lawsuit +file|bring, indict, prosecute, n:action +legal|court, n:charge +file|bring|press|lodge|level|face, n:case +file|bring|open|launch, n:complaint +file|lodge|submit
ACCUSE+legal 116 : convict, sentence, find +guilty
REJECT 120 : reject, refuse, rule out, dismiss, rebuff, turn down, spurn, oppose, defy, boycott +talks|election|meeting|summit|conference|vote|session, accept +_neg, allow +_neg, permit +_neg, tolerate +_neg, recognize +_neg, recognise +_neg, welcome +_neg, renege
REJECT 129 : veto, block +resolution|bill|proposal|deal
REJECT/assist 122 : decline +aid|assistance|help
SANCTION/withdraw+diplomatic 164 : quit +talks|negotiation
REJECT 120 : decline +request|invitation|offer|proposal|appeal, deny +entry|permission|visa|access|request|application, cancel +visit|trip|meeting|talks|summit|deal|agreement|contract, quash +order|decision|conviction|ruling|verdict|sentence
THREATEN 130 : threaten, warn, n:threat +issue|make, n:ultimatum +issue|give|deliver|set, n:deadline +give|set|issue|impose, n:warning +issue|give|send|deliver
PROTEST/demo 141 : protest, demonstrate, rally, march, n:protest, n:demonstration, n:vigil, n:march, n:chain +human, gather +s:protester|demonstrator|activist|crowd|opponent|supporter|marcher|student|worker|farmer|teacher|resident|villager|woman|youth, assemble +s:protester|demonstrator|activist|crowd|opponent|supporter|student|worker, walk +s:protester|demonstrator|crowd|marcher|activist, take +s:protester|demonstrator|activist|crowd|opponent|supporter|student|worker|farmer|teacher|resident|thousand|hundred, chant +s:protester|demonstrator|crowd|activist|student, converge +s:protester|demonstrator|crowd|activist, n:rally +hold|stage|organize|protest|opposition|take|lead, n:procession +take|hold|stage|lead, n:sit-in
PROTEST/hunger 142 : n:strike +hunger
PROTEST/strike 143 : strike +for|over, walk +out, stop +work, down +tools, n:strike +go|stage|hold|launch|begin|continue|join|threaten
PROTEST/obstruct 144 : blockade +road|highway, barricade
PROTEST/riot 145 : riot, n:riot
MOBILIZE/troops+military 154 : mobilize, mobilise, deploy, mass +troops|forces, n:troops +deploy|send|mass|move|station, n:reinforcement +send|dispatch, strengthen +forces|troops|presence|deployment|military, reinforce +forces|troops|presence|positions|border, boost +forces|troops|presence|deployment, bolster +forces|troops|presence|defenses|defences, beef +up, increase +troops|forces|presence|deployment, intensify +forces|troops|presence|patrols
MOBILIZE/police 151 : n:alert +raise|put|place|remain|stay|keep|go|heighten|high|maximum|red, patrol
SANCTION 160 : downgrade +relations|ties
SANCTION/discontinue 162 : reduce +aid|assistance|funding, n:suspension +aid|assistance|funding|cooperation|talks|flight|link
COERCE/restrict 163 : sanction, n:sanctions +impose|announce|slap|tighten|expand|extend|adopt|prolong|renew|order|levy
SANCTION/withdraw+diplomatic 161 : sever +ties|relations, break +ties|relations|off, cut +ties|relations, recall +ambassador|envoy
SANCTION/discontinue 162 : suspend +aid|assistance|funding|cooperation|talks|negotiation|membership|flight|supplies|supply|link|trade|mediation|relations|shipment|delivery, halt +aid|assistance|funding|talks|negotiation|mediation|cooperation|flight|supplies|trade|relations|shipment|delivery, cut +aid|assistance|funding|supplies, freeze +aid|assets|funding, end +mediation|talks|negotiation|cooperation|relations|ties|aid|assistance|funding
SANCTION/withdraw 166 : withdraw +peacekeeper|observer|inspector|monitor|staff|worker|mission|personnel|aid|funding|support|membership|treaty|agreement|deal|accord|pact|organization|organisation|alliance|convention|talks, n:withdrawal +peacekeeper|observer|inspector|monitor|membership
SANCTION/expel 166 : expel, eject, oust +diplomat|ambassador
COERCE/restrict 163 : impose +sanction|embargo|tariff|boycott, n:embargo +impose|announce|slap
ASSAULT+military 190 : recapture, retake, n:recapture, regain +control|town|village|city|territory|area, capture +town|village|city|district|base|airport|hill|position|province|area|territory|region|stronghold|outpost|checkpoint, seize +town|village|city|district|base|airport|hill|position|stronghold|outpost|checkpoint
COERCE/seize 171 : seize, confiscate, demolish, bulldoze
ASSAULT+military 190 : raid, storm, n:raid
COERCE/restrict 172 : impose +restriction|ban|curb|limit|control, restrict, ban, outlaw, censor, shut +down, close +border|office|crossing|school|newspaper
COERCE/curfew 1723 : impose +curfew, declare +curfew, n:curfew +impose|declare
COERCE/martial-law 1724 : declare +emergency|martial, impose +emergency|martial
COERCE/arrest+legal 173 : arrest, detain, jail, imprison, apprehend, round +up, capture, n:arrest, charge, hold +suspect|activist|journalist|protester|man|woman|people, n:custody +take|remand|place|hold|keep|send
COERCE/deport+legal 174 : deport, extradite, expel +migrant|refugee|citizen|national|activist|journalist|dissident|critic|missionary
COERCE/restrict 191 : blockade, besiege, n:blockade +impose|enforce
COERCE/seize 192 : occupy, annex, take +control|over
ASSAULT 190 : n:operation +military|ground|air|offensive|combat
ASSAULT 180 : attack, assault, strike +target|position|base|convoy|village|town|city|militant|rebel|insurgent|terrorist|fighter|jihadist|troops|soldier|army|hideout|camp|stronghold|depot|headquarters|checkpoint|outpost, target, ambush, counter-attack, n:attack, n:ambush, n:offensive, n:assault, n:counter-attack, n:counter-offensive, n:attack +carry|launch|stage|mount|conduct|claim|step|intensify|increase|continue|create|repel|repulse|escalate|begin|start|resume, n:assault +launch|carry|mount|begin|start|continue|step|resume, n:offensive +launch|begin|start|mount|continue|resume|step, n:ambush +launch|carry|stage
ASSAULT/sexual 1821 : molest, n:molestation, n:violence +sexual, n:assault +sexual, n:abuse +sexual
ASSAULT/abduct 181 : abduct, kidnap, hijack, n:kidnapping +carry
ASSAULT/beat 182 : beat, torture, lynch, stab
ASSAULT 180 : injure, wound
ASSAULT/primitive 180 : throw +stone|rock|bomb|grenade|molotov|cocktail|explosive|petrol|brick|acid|firebomb|missile|cracker|firecracker, hurl +stone|rock|bomb|grenade|molotov|cocktail|explosive|petrol|brick|acid|firebomb|missile|cracker|firecracker, lob +stone|rock|bomb|grenade|molotov|cocktail|explosive|petrol|brick|acid|firebomb|cracker|firecracker|shell|canister|gas|teargas
ASSAULT/explosives 183 : bomb, n:bombing, blow +up, detonate, explode, n:bomb +car|roadside|suicide, n:blast +bomb|roadside|suicide|car|ied|landmine|mine|grenade|explosive|claim, n:explosion +bomb|roadside|suicide|car|ied|landmine|mine|grenade|claim, go +s:bomb|device|ied|grenade|landmine|explosive, n:ied, n:device +explosive|improvised|incendiary, plant +bomb|device|explosive|mine|ied
ASSAULT 1712 : destroy, torch, burn +house|home|village|church|mosque|building|car|vehicle|school|office|shop, loot, ransack, vandalize, vandalise
ASSAULT/assassinate 186 : assassinate, behead, execute
# Meeting a demand or a target is no meeting.
CONSULT --- : meet +demand|need|target|deadline|requirement|expectation|standard|goal|criterion|obligation|cost|quota
# Executing a plan or an order is no killing; releasing a statement is no release.
ASSAULT --- : execute +plan|shutdown|order|strategy|operation|warrant|contract|transaction|program|programme|project|agreement|search|move|policy|task|duty
RETREAT --- : release +statement|report|video|album|film|data|figure|information|document|footage|photo|image|result|list|plan|version|update|recording|song|book|detail|findings|audio|transcript|email|record|budget|funds|game|product|app|software|guideline|rule|proposal|letter|name|identity|memo|emission|gas|toxin|balloon|pressure
ASSAULT 1823 : kill, murder, slay, massacre
ASSAULT/cleansing 203 : n:cleansing +ethnic
ASSAULT/firearms+military 193 : battle, shoot, shot, gun +down, open +fire, n:fire +open, fire +on|at|upon|into, clash, fight, n:clash, n:fighting, n:firefight, n:shootout, n:gunbattle, n:firing +police|army|troop|security|force|soldier|indiscriminate|heavy|random|retaliatory|resort|open|die|kill|injure|wound
ASSAULT/heavy-weapons+military 194 : shell, bombard, pound, pummel, fire +shell|mortar|rocket|missile|round|projectile|grenade|artillery|salvo|volley|barrage, land +s:shell|mortar|rocket|missile|round|projectile|bomb|grenade, hit +s:shell|mortar|rocket|missile|round|projectile|bomb|grenade|drone|airstrike|strike|bullet, strike +s:shell|mortar|rocket|missile|round|projectile|bomb|drone|airstrike, drop +bomb|barrel|munition|explosive|missile, n:shelling, n:fire +artillery|mortar|rocket|tank, n:attack +rocket|mortar|missile|artillery
ASSAULT/aerial+military 195 : airstrike, n:airstrike, n:strike +air|launch|carry|conduct|drone|missile|aerial, n:raid +air
ASSAULT+military 196 : violate +ceasefire|truce
