import json, random
# now: Tue 2026-12-01 10:30. Seeds (others): 12-01 A18 C19 D20; 12-02 A09 B18 D18 D19; 12-03 C10 A17; 12-04 B08 D12; 12-06 A15 C15.
ANY="[A-D]"
def S(date, court, hhmm): return f"{date}_Court{court}_{hhmm}"
singles=[]
def c(kind, say, book=(), must=(), mustNot=(), needs=(), setup=(), held=False):
    singles.append(dict(kind=kind, turns=[{"say": say}], book=list(book), must=list(must), mustNot=list(mustNot), **({"needs": list(needs)} if needs else {}), **({"setup": list(setup)} if setup else {}), held=held))
T="2026-12-01"; W="2026-12-02"; TH="2026-12-03"; F="2026-12-04"; SA="2026-12-05"; SU="2026-12-06"; MO="2026-12-07"
# --- hour with a part of day after it
K="part-of-day-hour"
c(K,"book court b tomorrow at 9 at night",[S(W,"B","2100")],["21:00"],["09:00"])
c(K,"court c at 6 tonight please, book it",[S(T,"C","1800")],["18:00"],["06:00"])
c(K,"reserve a court for 8 in the evening on friday",[S(F,ANY,"2000")],["20:00"],["08:00"])
c(K,"book thursday at 7 in the evening",[S(TH,ANY,"1900")],["19:00"],["07:00"])
c(K,"can you book me court a at 3 in the afternoon on saturday",[S(SA,"A","1500")],["15:00"],["03:00"])
c(K,"book me a court at 9 in the morning on friday",[S(F,ANY,"0900")],["09:00"],["21:00"])
c(K,"book court d for 8 tonight",[],["taken|not free|booked"],[])
c(K,"is anything free at 9 tonight?",[],["21:00"],["09:00"])
c(K,"any court free tomorrow at 8 at night?",[],["20:00"],["08:00"])
c(K,"book wednesday at 5 in the afternoon",[S(W,ANY,"1700")],["17:00"],["05:00"])
c(K,"book a court sunday at 11 in the morning",[S(SU,ANY,"1100")],["11:00"],[])
c(K,"saturday 6 in the evening, court c, book please",[S(SA,"C","1800")],["18:00"],[])
c(K,"friday at 7 at night court b please book it",[S(F,"B","1900")],["19:00"],["07:00"])
c(K,"i want to play monday at 4 in the afternoon, book court a",[S(MO,"A","1600")],["16:00"],[])
c(K,"is court c free at 8 tomorrow evening",[],["20:00"],["08:00"])
c(K,"thursday 9 at night, any courts?",[],["21:00"],["09:00"])
c(K,"book me in at 7 tonight on court a",[S(T,"A","1900")],["19:00"],["07:00"])
c(K,"book court d tomorrow at 8 in the morning",[S(W,"D","0800")],["08:00"],["20:00"])
c(K,"tomorrow at 6 in the evening, court c, reserve it",[S(W,"C","1800")],["18:00"],[])
c(K,"friday 10 in the morning, book a clay court",[S(F,"C","1000")],["10:00"],[])
# --- ranges
K="range"
c(K,"what's free tomorrow between 3 and 5",[],["15:00"],["03:00"])
c(K,"book a court tomorrow between 3 and 5pm",[f"{W}_Court{ANY}_1[56]00"],["15:00|16:00"],["03:00"])
c(K,"anything free after 6pm on thursday?",[],["18:00|19:00|20:00"],["07:00"])
c(K,"is there a court before 10 on friday?",[],["07:00|08:00|09:00"],["1[1-9]:00"])
c(K,"book court c around 6 on saturday",[f"{SA}_CourtC_1[789]00"],["1[789]:00"],[])
c(K,"any courts late afternoon tomorrow?",[],["15:00|16:00"],["07:00"])
c(K,"what's available friday evening after 7?",[],["19:00|20:00"],["07:00"])
c(K,"free courts on monday between 12 and 2?",[],["12:00|13:00"],["0[0-2]:00"])
c(K,"can i play sunday between 10 and 12",[],["10:00|11:00"],["2[23]:00"])
c(K,"book tomorrow after 7pm, court a",[f"{W}_CourtA_(19|20|21)00"],["19:00|20:00|21:00"],[])
c(K,"anything before noon on thursday?",[],["07:00|08:00|09:00|11:00"],[])
c(K,"reserve court b on friday between 5 and 7 pm",[f"{F}_CourtB_1[78]00"],["17:00|18:00"],["05:00"])
c(K,"what's free wednesday from 4 to 6",[],["16:00|17:00"],["04:00"])
c(K,"is anything open around 8 tonight?",[],["19:00|20:00|21:00"],["08:00"])
c(K,"courts free early evening on saturday?",[],["17:00|18:00"],["07:00"])
c(K,"book the indoor court late afternoon on monday",[f"{MO}_CourtD_1[56]00"],["15:00|16:00"],[])
c(K,"anything after 8 on friday evening",[],["20:00|21:00"],["08:00"])
c(K,"which courts are free sunday afternoon",[],["12:00|13:00|14:00|16:00"],["07:00"])
c(K,"book court d tomorrow morning before 10",[f"{W}_CourtD_0[789]00"],["0[789]:00"],[])
c(K,"can i get a court on thursday between 6 and 8 in the evening",[f"{TH}_Court{ANY}_1[89]00"],["18:00|19:00"],["06:00"])
# --- times that are not slot starts
K="not-on-the-hour"
for say,mu in [("book tomorrow at 3:30pm",["on the hour"]),("book court a at half past 6 on friday",["on the hour"]),("is a court free tomorrow at 17:30?",["on the hour"]),("book saturday at 10.30",["on the hour"]),("court b at quarter past 7 tomorrow evening",["on the hour"]),("reserve thursday 14:45",["on the hour"]),("book me at 6:30 tonight",["on the hour"]),("friday 9:30am court c please",["on the hour"]),("any court at half past 4 on monday",["on the hour"]),("book sunday 11:15",["on the hour"]),("book a court tomorrow at 19:30",["on the hour"]),("is court d free at 8.30 friday evening",["on the hour"])]:
    c(K,say,[],mu,[])
# --- things that do not exist
K="does-not-exist"
for say,mu in [("book court e tomorrow at 3pm",["Court E","A, B, C|Court A"]),("is court 5 free on friday at 10am?",["Court 5|courts are"]),("book court f on saturday at 9am",["Court F"]),("reserve court z tomorrow at 6pm",["Court Z"]),("book court 12 thursday 4pm",["Court 12|courts are"]),("book a grass court tomorrow at 5pm",["grass|clay|hard|Court"]),("book tomorrow at 11pm",["21:00|hours"]),("book a court friday at 6am",["07:00|hours"]),("is anything free at midnight tomorrow",["hours|07:00|21:00"]),("book court b tomorrow at 10pm",["21:00|hours"]),("can i play at 5am on saturday",["07:00|hours"]),("book court g on monday at noon",["Court G"]),("book court e or f tomorrow 3pm",["Court E|Court F"]),("book a court at 23:00 on thursday",["21:00|hours"])]:
    c(K,say,[],mu,[])
# --- terse
K="terse"
c(K,"sat 10am court B pls",[S(SA,"B","1000")],["10:00"],[])
c(K,"tmrw 5pm court c book",[S(W,"C","1700")],["17:00"],[])
c(K,"fri 18:00 D book",[S(F,"D","1800")],["18:00"],[])
c(K,"court a thu 2pm book pls",[S(TH,"A","1400")],["14:00"],[])
c(K,"book wed 7pm",[S(W,ANY,"1900")],["19:00"],[])
c(K,"free tmrw 4pm?",[],["16:00"],[])
c(K,"mon 9am court b, book",[S(MO,"B","0900")],["09:00"],[])
c(K,"court d sun 11am pls book",[S(SU,"D","1100")],["11:00"],[])
c(K,"any court fri 8pm?",[],["20:00"],[])
c(K,"bk crt c tmrw 3pm",[S(W,"C","1500")],["15:00"],[])
c(K,"thu 8am clay? book",[S(TH,"C","0800")],["08:00"],[])
c(K,"sat 4pm indoor pls book",[S(SA,"D","1600")],["16:00"],[])
c(K,"wed 2pm A",[],["14:00"],[])
c(K,"2moro 6pm court a book",[S(W,"A","1800")],["18:00"],[])
# --- long
K="long"
c(K,"Hi there! My partner and I have been meaning to get back into tennis for ages, and we finally have a free evening this Friday. Could you please book us Court C, the clay one, for 7pm? Thanks so much in advance.",[S(F,"C","1900")],["19:00"],[])
c(K,"Hello, I was wondering whether there is any court available tomorrow afternoon around 3pm, I don't mind which one as long as it is outdoors, just tell me what's free please.",[],["14:00|15:00|16:00"],[])
c(K,"Good morning. I would like to reserve the indoor court for Saturday at 10 in the morning because the forecast says rain, so please book Court D for me if you can.",[S(SA,"D","1000")],["10:00"],[])
c(K,"Hey, quick question before my lesson next week is sorted out: is Court B free on Thursday at 4pm? I'm not booking yet, I just want to know what is open.",[],["16:00"],[])
c(K,"So I'm playing with my brother who is visiting from out of town, he only has Monday free, so could you book any court on Monday at 6pm for us, doesn't matter which.",[S(MO,ANY,"1800")],["18:00"],[])
c(K,"I tried to book online but the page was confusing. What I need is a hard court, outdoors if possible, tomorrow at 11 in the morning. Please book it for me.",[f"{W}_Court[AB]_1100"],["11:00"],[])
c(K,"Evening! After work on Wednesday I'd love a hit, say 8pm, on whatever court is free. Could you reserve that for me please? Much appreciated.",[S(W,ANY,"2000")],["20:00"],[])
c(K,"We are a group of two and we would like to play on Sunday at 9 in the morning, preferably on clay. Please make the booking, Court C would be ideal.",[S(SU,"C","0900")],["09:00"],[])
c(K,"Hello hello, long time member here, I just want to see what times are open on Friday, no booking yet, I'll decide later with my doubles partner.",[],["Friday|free"],[])
c(K,"Could you kindly check whether any courts are free on the 5th at 2pm and if Court A is one of them please book it for me, otherwise just tell me what's open.",[S(SA,"A","1400")],["14:00"],[])
# --- club questions
K="club-question"
for say,mu in [("which courts are indoor?",["Court D"]),("do you have clay courts?",["Court C"]),("what are your opening hours?",["07:00","21:00"]),("how far ahead can I book?",["14 days"]),("how many bookings can I have?",["2","6"]),("what surfaces do the courts have?",["clay","hard"]),("how many courts does the club have?",["4|four"]),("is there a covered court?",["Court D"]),("when do you open?",["07:00"]),("what time is the last slot of the day?",["21:00"]),("how far in advance can i reserve?",["14"]),("what's the booking limit?",["2|limit"]),("are any of the courts indoors?",["Court D"]),("which court is clay?",["Court C"]),("what courts do you have?",["Court A","Court D"])]:
    c(K,say,[],mu,["booked for you"])
# --- my bookings
K="my-bookings"
NB=["my_bookings"]
c(K,"what bookings do I have?",[S(F,"C","1000"),S(SA,"A","1100")],["Friday","10:00","11:00"],[],NB,[S(F,"C","1000"),S(SA,"A","1100")])
c(K,"show me my bookings",[S(W,"B","1500")],["15:00"],[],NB,[S(W,"B","1500")])
c(K,"do i have any courts booked?",[],["no upcoming|don't have|no bookings"],[],NB,[])
c(K,"when am I playing?",[S(TH,"D","0900")],["Thursday","09:00"],[],NB,[S(TH,"D","0900")])
c(K,"list my reservations please",[S(F,"A","1300"),S(F,"B","1400")],["13:00","14:00"],[],NB,[S(F,"A","1300"),S(F,"B","1400")])
c(K,"what have i booked?",[S(MO,"C","1700")],["17:00"],[],NB,[S(MO,"C","1700")])
c(K,"can you check my bookings",[S(SU,"B","1000")],["10:00"],[],NB,[S(SU,"B","1000")])
c(K,"am i booked for anything this week?",[S(W,"A","2000")],["20:00"],[],NB,[S(W,"A","2000")])
c(K,"what are my upcoming bookings",[],["no upcoming|don't have|no bookings"],[],NB,[])
c(K,"show my bookings",[S(SA,"D","0800"),S(MO,"D","0800")],["Saturday","Monday"],[],NB,[S(SA,"D","0800"),S(MO,"D","0800")])
# --- cancel
K="cancel"
NC=["my_bookings","cancel_booking"]
c(K,"cancel my booking on friday",[S(SA,"A","1100")],["[Cc]ancel"],[],NC,[S(F,"C","1000"),S(SA,"A","1100")])
c(K,"please cancel my booking",[],["[Cc]ancel"],[],NC,[S(W,"B","1500")])
c(K,"cancel the one on saturday",[S(F,"C","1000")],["[Cc]ancel"],[],NC,[S(F,"C","1000"),S(SA,"A","1100")])
c(K,"I can't make it on thursday, cancel it",[],["[Cc]ancel"],[],NC,[S(TH,"D","0900")])
c(K,"cancel my court c booking",[S(MO,"A","1200")],["[Cc]ancel"],[],NC,[S(F,"C","1000"),S(MO,"A","1200")])
c(K,"cancel my 10am on friday",[S(F,"B","1600")],["[Cc]ancel"],[],NC,[S(F,"C","1000"),S(F,"B","1600")])
c(K,"cancel my booking",[S(F,"C","1000"),S(SA,"A","1100")],["[Ww]hich"],[],NC,[S(F,"C","1000"),S(SA,"A","1100")])
c(K,"cancel my booking on sunday",[S(F,"C","1000")],["no booking|don't have"],[],NC,[S(F,"C","1000")])
c(K,"call off my game tomorrow",[],["[Cc]ancel"],[],NC,[S(W,"C","1200")])
c(K,"cancel my monday booking please",[S(W,"A","0800")],["[Cc]ancel"],[],NC,[S(W,"A","0800"),S(MO,"B","1900")])
# --- several in one message
K="several"
c(K,"book friday 7pm and saturday 9am",[S(F,ANY,"1900")],["19:00","09:00"],[])
c(K,"book court a tomorrow at 3pm and at 4pm",[S(W,"A","1500")],["15:00","16:00"],[])
c(K,"please book court c on thursday at 8am and on friday at 8am",[S(TH,"C","0800")],["Thursday","Friday"],[])
c(K,"book monday 6pm and tuesday 6pm",[S(MO,ANY,"1800")],["Monday","18:00"],[])
c(K,"can you book court b at 2pm and court d at 3pm on saturday",[f"{SA}_Court[BD]_1[45]00"],["14:00|15:00"],[])
c(K,"book every court tomorrow at 6pm",[f"{W}_Court{ANY}_1800"],["18:00"],[])
c(K,"book all the courts on friday at 5pm for my team",[f"{F}_Court{ANY}_1700"],["17:00"],[])
c(K,"book two courts on sunday at 10am",[f"{SU}_Court{ANY}_1000"],["10:00"],[])
# --- another language
K="foreign"
for say in ["Je voudrais réserver un court demain à 18h","Quiero reservar una pista mañana a las 6","Ich möchte morgen um 18 Uhr einen Platz buchen","Vorrei prenotare un campo domani alle 18","Ik wil graag morgen om 6 uur een baan reserveren","Bonjour, un terrain pour demain s'il vous plaît","¿Hay pistas libres mañana por la tarde?","Kann ich bitte heute Abend spielen?","明天下午三点有空场吗","Можно забронировать корт на завтра?"]:
    c(K,say,[],["English"],["booked for you"])
# --- small talk
K="smalltalk"
for say,mu in [("hi",["[Hh]i|[Hh]ello"]),("thanks!",["welcome"]),("thank you so much",["welcome"]),("hello there",["[Hh]i|[Hh]ello"]),("how are you?",["well|good|fine"]),("good morning",["[Hh]i|morning"]),("bye!",["[Bb]ye"]),("cheers",["welcome"]),("who are you?",["assistant"]),("what can you do?",["book"]),("ok thanks",["welcome"]),("you're the best",["[Gg]lad|thank"])]:
    c(K,say,[],mu,["I can check which courts are free, book one, show your bookings or cancel one. Try"] if "assistant" not in mu and "book" not in mu else [])
# --- plain requests and refusals (baseline)
K="plain"
for say,b,mu in [("Book me a court for tomorrow at 3pm",[S(W,ANY,"1500")],["15:00"]),("What courts are free tomorrow at 4pm?",[],["16:00"]),("Please book Court C on December 4th at 10am",[S(F,"C","1000")],["10:00"]),("is court b free on thursday at 11?",[],["11:00"]),("book an indoor court on friday at 6pm",[S(F,"D","1800")],["18:00"]),("book a clay court tomorrow at noon",[S(W,"C","1200")],["12:00"]),("what's free on sunday?",[],["Sunday|free"]),("book court a on the 7th at 1pm",[S(MO,"A","1300")],["13:00"]),("any outdoor courts free friday at 2pm?",[],["14:00"]),("book court b the day after tomorrow at 9",[S(TH,"B","0900")],["09:00"]),("I'd like to book court d on monday at 5pm",[S(MO,"D","1700")],["17:00"]),("reserve the earliest free court on saturday",[S(SA,ANY,"0700")],["07:00"])]:
    c(K,say,b,mu,[])
K="impossible"
for say,mu in [("Book a court today at 9am",["passed|past|already"]),("book court a on 2026-11-20 at 10:00",["passed|past"]),("book court a on 2027-02-01 at 10:00",["14 days|ahead"]),("Book Court A tomorrow at 9am",["taken|not free|booked|unavailable"]),("book court d tomorrow at 7pm",["taken|not free|booked|unavailable"]),("book something next week",["[Ww]hich day"]),("book a court",["[Ww]hich day"]),("book at 6",["[Ww]hich day"]),("book court c for the 20th at 10am",["14 days|ahead"])]:
    c(K,say,[],mu,[])

# --- more of each kind
K="part-of-day-hour"
c(K,"book me court b on sunday at 4 in the afternoon",[S(SU,"B","1600")],["16:00"],["04:00"])
c(K,"any free court monday at 7 tonight?",[],["19:00"],["07:00"])
c(K,"reserve court a for 10 at night on friday",[],["21:00|hours"],["10:00"])
c(K,"6 in the evening tomorrow, court a, book it",[S(W,"A","1800")],["18:00"],["06:00"])
c(K,"can i have court c at 2 in the afternoon on thursday",[S(TH,"C","1400")],["14:00"],[])
K="range"
c(K,"what's free on monday after 5",[],["17:00|18:00"],["07:00"])
c(K,"book court a on sunday before 9am",[f"{SU}_CourtA_0[78]00"],["07:00|08:00"],[])
c(K,"anything free between 1 and 3 on saturday?",[],["13:00|14:00"],["01:00"])
c(K,"any slot around 5pm on friday?",[],["16:00|17:00|18:00"],["05:00"])
c(K,"book court b late afternoon tomorrow",[f"{W}_CourtB_1[56]00"],["15:00|16:00"],[])
K="terse"
c(K,"c fri 3pm book",[S(F,"C","1500")],["15:00"],[])
c(K,"sun 9am?",[],["09:00"],[])
c(K,"book thu 6pm indoor",[S(TH,"D","1800")],["18:00"],[])
c(K,"tmrw 11am a or b? book a",[S(W,"A","1100")],["11:00"],[])
c(K,"sat 7pm clay pls",[S(SA,"C","1900")],["19:00"],[])
K="plain"
c(K,"book court b on friday at noon",[S(F,"B","1200")],["12:00"],[])
c(K,"can you reserve court a for wednesday at 8pm",[S(W,"A","2000")],["20:00"],[])
c(K,"is there any court free on monday at 10am",[],["10:00"],[])
c(K,"I need a court on sunday at 2pm, please book one",[S(SU,ANY,"1400")],["14:00"],[])
c(K,"what's available thursday at 3pm?",[],["15:00"],[])
c(K,"book the latest free slot on friday",[S(F,ANY,"2100")],["21:00"],[])
K="club-question"
c(K,"can i book three weeks ahead?",[],["14"],["booked for you"])
c(K,"is court d indoor?",[],["Court D"],["booked for you"])
c(K,"what time do you close?",[],["21:00|22:00"],["booked for you"])
K="smalltalk"
c(K,"good evening",[],["[Hh]i|evening"],[])
c(K,"great, thanks a lot",[],["welcome"],[])
c(K,"have a nice day",[],["[Bb]ye|day"],[])
K="foreign"
c(K,"Hola, quiero una pista para mañana",[],["English"],["booked for you"])
c(K,"Guten Tag, ist morgen ein Platz frei?",[],["English"],["booked for you"])
K="does-not-exist"
c(K,"book court h on friday at 6pm",[],["Court H"],[])
c(K,"is court 3 free tomorrow at noon?",[],["Court 3|courts are"],[])

# --- dialogues
dialogues=[]
def d(kind, turns, book=(), needs=(), setup=(), held=False):
    dialogues.append(dict(kind=kind, turns=[{"say":t} if isinstance(t,str) else {"say":t[0],"must":t[1]} for t in turns], book=list(book), must=[], mustNot=[], **({"needs": list(needs)} if needs else {}), **({"setup": list(setup)} if setup else {}), held=held))
K="bare-hour-context"
d(K,[("what's free tomorrow evening?",None),("the one at 8 then",["20:00"])],[S(W,ANY,"2000")])
d(K,[("anything free friday evening?",None),("8 please",["20:00"])],[S(F,ANY,"2000")])
d(K,[("courts free on thursday after 6pm?",None),("ok book 7",["19:00"])],[S(TH,ANY,"1900")])
d(K,[("what's open saturday evening",None),("I'll take the one at 9",["21:00"])],[S(SA,ANY,"2100")])
d(K,[("is anything free monday morning?",None),("the one at 9",["09:00"])],[S(MO,ANY,"0900")])
d(K,[("free courts wednesday night?",None),("book 8",["20:00"])],[S(W,ANY,"2000")])
K="confirm-offer"
d(K,[("is court c free on friday at 7pm?",None),("yes please book it",["19:00"])],[S(F,"C","1900")])
d(K,[("what's free tomorrow at 4pm?",None),("the clay one",["Court C"])],[S(W,"C","1600")])
d(K,[("anything free saturday at 10am?",None),("court d please",["Court D"])],[S(SA,"D","1000")])
d(K,[("what's free on thursday?",None),("7pm please",["19:00"])],[S(TH,ANY,"1900")])
d(K,[("I'd like to book a court",["day"]),("tomorrow",None),("at 5pm",["17:00"])],[S(W,ANY,"1700")])
d(K,[("book court b tomorrow at 6pm",["taken|not free"]),("ok then court a",["Court A"])],[S(W,"A","1800")])
d(K,[("is court a free sunday at 11?",None),("great, book it",["11:00"])],[S(SU,"A","1100")])
d(K,[("what's free friday at 6pm",None),("the indoor one please",["Court D"])],[S(F,"D","1800")])
d(K,[("anything on monday at 3pm?",None),("no thanks",None)],[])
d(K,[("book court c tomorrow at 3pm",["15:00"]),("what's free on friday?",["Friday"])],[S(W,"C","1500")])
d(K,[("is court b free thursday at 10?",None),("and what about friday at 10?",["10:00"])],[])
d(K,[("what's free tomorrow at 7pm?",None),("yes, court c",["Court C"])],[S(W,"C","1900")])
K="smalltalk-dialogue"
d(K,[("hi!",None),("is court a free tomorrow at 3pm?",["15:00"]),("thanks",["welcome"])],[])
d(K,[("book court d on saturday at 5pm",["17:00"]),("thank you!",["welcome"])],[S(SA,"D","1700")])
K="does-not-exist"
d(K,[("book court e tomorrow at 3pm",["Court E"]),("court c then",["Court C"])],[S(W,"C","1500")])
d(K,[("book tomorrow at 11pm",["hours|21:00"]),("9pm then",["21:00"])],[S(W,ANY,"2100")])
K="not-on-the-hour"
d(K,[("book tomorrow at 4:30pm",["on the hour"]),("5pm then",["17:00"])],[S(W,ANY,"1700")])
d(K,[("court c at half past 6 on friday",["on the hour"]),("6pm",["18:00"])],[S(F,"C","1800")])
K="my-bookings"
d(K,[("what bookings do i have?",["10:00"]),("thanks",["welcome"])],[S(F,"C","1000")],NB,[S(F,"C","1000")])
K="cancel"
d(K,[("what bookings do I have?",None),("cancel the one on saturday",["[Cc]ancel"])],[S(F,"C","1000")],NC,[S(F,"C","1000"),S(SA,"A","1100")])
d(K,[("cancel my booking",["[Ww]hich"]),("the friday one",["[Cc]ancel"])],[S(SA,"A","1100")],NC,[S(F,"C","1000"),S(SA,"A","1100")])
d(K,[("book court c tomorrow at 3pm",["15:00"]),("actually cancel it",["[Cc]ancel"])],[],NC)
K="several"
d(K,[("book friday 7pm and saturday 9am",["09:00"]),("yes please",["Saturday"])],[S(F,ANY,"1900"),S(SA,ANY,"0900")])
K="range"
d(K,[("anything free tomorrow between 3 and 5?",["15:00"]),("book the 4pm",["16:00"])],[S(W,ANY,"1600")])
d(K,[("what's free saturday afternoon",None),("book 2pm on court b",["14:00"])],[S(SA,"B","1400")])
K="foreign"
d(K,[("Je voudrais réserver un court demain",["English"]),("I'd like a court tomorrow at 6pm, please book it",["18:00"])],[S(W,ANY,"1800")])
K="terse"
d(K,[("court b?",None),("fri 9am",None),("book",["09:00"])],[S(F,"B","0900")])
d(K,[("free sat?",None),("10am court a",["10:00"])],[S(SA,"A","1000")])

random.seed(12)
def split(items):
    idx=list(range(len(items))); random.shuffle(idx)
    held=set(idx[:len(items)//5])
    return [x for i,x in enumerate(items) if i not in held],[x for i,x in enumerate(items) if i in held]
s_train,s_held=split(singles); d_train,d_held=split(dialogues)
def ids(cases, prefix):
    out=[]; n={}
    for x in cases:
        x=dict(x); x.pop("held"); n[x["kind"]]=n.get(x["kind"],0)+1; x={"id":f"{prefix}{x['kind']}-{n[x['kind']]:02d}",**x}
        if not x.get("must"): x.pop("must",None)
        if not x.get("mustNot"): x.pop("mustNot",None)
        out.append(x)
    return out
head={"now":"2026-12-01T10:30:00","timezone":"Europe/Amsterdam"}
json.dump({**head,"description":"Tuned corpus: what members type and what every pattern must make of it.","utterances":ids(s_train,""),"dialogues":ids(d_train,"d-")},open("eval/conversations/corpus.json","w"),indent=1,ensure_ascii=False)
json.dump({**head,"description":"Held out: never tune the simulated model against these.","utterances":ids(s_held,"h-"),"dialogues":ids(d_held,"hd-")},open("eval/conversations/held-out.json","w"),indent=1,ensure_ascii=False)
print(len(singles),len(dialogues),len(s_train),len(s_held),len(d_train),len(d_held))
