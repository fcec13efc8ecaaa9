# الكلمات التي تشترك فيها كل الصفحات: الإطار، والخط الزمني، والمشاركة، والإحصاءات، والاختصارات.

## الأوقات والسرعات
time-ms = { $v } ملي ث
time-s = { $v } ث
time-min-s = { $min } د { $s } ث
time-h-min = { $h } س { $min } د
speed = { $v }×

## الإطار
brand = archsim
skip-to = انتقل إلى
take-tour = ابدأ الجولة
write-tour = اكتب جولة
embed-tour = جولة
open-full = افتح العرض الكامل ↗
    .title = افتح العرض الكامل
language = اللغة
fatal = واجه archsim خطأً داخليًا فتوقّف. أعد تحميل الصفحة للبدء من جديد. التفاصيل: { $details }
could-not-build = تعذّر بناء السيناريو ({ $why })؛ يُعرض السيناريو الافتراضي.
language-unavailable = تعذّر تحميل { $language } ({ $why })؛ الصفحة بالإنجليزية.

## تنبيه الرابط
link-problems = في هذا الرابط مشكلات، لذلك لم يُستخدم جزء منه:
dismiss = إغلاق

## المشاركة
share-summary = شارك هذا السيناريو
share-link = الرابط (يحمله شريط العنوان دائمًا أيضًا)
copy-link = انسخ الرابط
share-embed = شيفرة التضمين في صفحة المقرر
copy-embed = انسخ شيفرة التضمين
copied = نُسخ ✓
press-to-copy = تم التحديد — اضغط Ctrl+C (⌘C) للنسخ

## الخط الزمني
timeline = الخط الزمني
timeline-time = الوقت
time-of = { $now } من { $end }
time-slash = { $now } / { $end }
back-1s = ◀ ثانية إلى الوراء
    .title = يوقف التشغيل ثم يعود ثانية واحدة
whole-run = التشغيل كله
last-5-min = آخر 5 دقائق
next-event = الحدث التالي ▶
rewind-note = اسحب إلى الوراء للترجيع: تُعاد الحالة السابقة بدقة بإعادة تشغيل المحاكاة. أي فعل بعد الترجيع يبدأ تاريخًا جديدًا من تلك اللحظة (تُحذف الأفعال اللاحقة، ويتغيّر الرابط تبعًا لذلك).
log-filter = سجل الأحداث — التصفية حسب العقدة
events-shown = { $shown } من { $total ->
    [zero] { $total } حدث
    [one] حدث واحد
    [two] حدثين
    [few] { $total } أحداث
    [many] { $total } حدثًا
   *[other] { $total } حدث
}
events-list = الأحداث، الأحدث أولًا: توقّف واحد لمفتاح Tab، والأسهم تنتقل بينها
go-to-moment = انتقل إلى هذه اللحظة
export = تصدير
export-label = تصدير:
export-plots = الرسوم (PNG)
export-csv = المقاييس (CSV)
export-json = المقاييس (JSON)
export-scenario = السيناريو (JSON)
plot-mark = عطل أو تعافٍ
plot-end = { $end } (وقت افتراضي)

## المفاتيح
said-back = ثانية إلى الوراء، متوقف: t = { $t }.
said-forward = ثانية إلى الأمام: t = { $t }.
said-stats-shown = الإحصاءات ظاهرة.
said-stats-hidden = الإحصاءات مخفية.
shortcuts-title = اختصارات لوحة المفاتيح
close = إغلاق

## الإحصاءات
stats = إحصاءات الأداء
stats-work = عمل الإطار { $p50 } ملّي ثانية (p95 { $p95 })
stats-fps = { $fps } إطار/ث
stats-events = { $rate } حدث محاكاة/ث
stats-in-flight = { $n ->
    [zero] لا رسائل في الطريق
    [one] رسالة واحدة في الطريق
    [two] رسالتان في الطريق
    [few] { $n } رسائل في الطريق
    [many] { $n } رسالة في الطريق
   *[other] { $n } رسالة في الطريق
}

## عناصر التحكم في كل صفحة
controls = التحكم في المحاكاة
play = ▶ تشغيل
pause = ❚❚ إيقاف مؤقت
speed-label = السرعة
stats-button = الإحصاءات
shortcuts-button = الاختصارات (?)
clock = t = { $t }
settings = الإعدادات
apply = تطبيق
