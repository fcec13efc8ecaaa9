# كلمات بطاقة الجولة الإرشادية.

# لماذا لا تُفتح جولة.
page-did-not-start = لم تبدأ الصفحة.
cannot-open = تعذّر فتح الجولة
cannot-use = لا يمكن استخدام الجولة: { $why }.
not-loaded = تعذّر تحميل جولة درس { $lesson }.
link-too-long = الجولة في هذا الرابط طويلة جدًا (على الأكثر { $max } حرفًا).
link-unreadable = تعذّرت قراءة الجولة في هذا الرابط (الأمر archsim tour link يصنع واحدة).
not-a-tour = ليست جولة من archsim
format-version = صيغتها من الإصدار { $version }، وهذه الصفحة تقرأ الإصدار 1
other-lesson = إنها لدرس { $lesson }، لا لدرس هذه الصفحة ({ $page })
no-steps = ليس فيها خطوات
first-step-no-link = خطوتها الأولى بلا رابط
step-no-text = الخطوة { $k } بلا عنوان أو نص
step-action-no-until = الخطوة { $k } تطلب فعلًا ولا تذكر الحالة التي تبيّن أنه تمّ
step-until-unclear = الخطوة { $k } تنتظر حالة لا تصفها
step-until-unmeasured = الخطوة { $k } تنتظر «{ $name }»، وهذا الدرس لا يقيسه
step-until-unchecked = الخطوة { $k } تنتظر «{ $claim }»، وليس ادعاءً تستطيع هذه الصفحة التحقق منه
step-bad-highlight = الخطوة { $k } تشير إلى «{ $highlight }»، وهو ليس محدِّد CSS
close = إغلاق

# البطاقة.
tour = جولة
count = { $title } · الخطوة { $k } من { $n }
keys = G: إلى ما تشير إليه هذه الخطوة، والعودة · Esc: مغادرة الجولة
back = السابق
show-me = أرني
reopen = أعد فتح هذه الخطوة
next = التالي
finish = إنهاء
show-text = اعرض النص
leave = مغادرة الجولة

# سطر الحالة، وما يسمعه قارئ الشاشة.
announce = جولة، الخطوة { $k } من { $n }: { $title }.
heard = الخطوة { $k } من { $n }: { $title }.
look-at = انظر إلى: { $name }
stop = .
done-for-you = فُعل ذلك نيابةً عنك: راقب الآن ما يحدث.
not-done = تعذّر فعل ذلك: { $why }
changed = تغيّر السيناريو، وهذه الخطوة كُتبت لسيناريوها. أعد فتح الخطوة لتراه.
done = تمّ.
undone = لم يعد ذلك قائمًا.
