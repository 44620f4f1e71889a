"""National standard codes used on person records, with their labels.

- Relation to the household head: GB/T 4761-2008 (家庭关系代码).
- Marital status: GB/T 2261.2-2003 (婚姻状况代码).
- Ethnicity: GB/T 3304-1991 (中国各民族名称的罗马字母拼写法和代码), the two-digit numeric code.

The codes are stored; the labels are English source strings translated into Chinese.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Relation(models.TextChoices):
    SELF = "01", pgettext_lazy("relation", "self")
    HEAD = "02", _("household head")
    SPOUSE = "10", _("spouse")
    HUSBAND = "11", _("husband")
    WIFE = "12", _("wife")
    SON = "20", _("son")
    ONLY_SON = "21", _("only son")
    ELDEST_SON = "22", _("eldest son")
    SECOND_SON = "23", _("second son")
    THIRD_SON = "24", _("third son")
    FOURTH_SON = "25", _("fourth son")
    FIFTH_SON = "26", _("fifth son")
    ADOPTED_OR_STEP_SON = "27", _("adopted son or stepson")
    SON_IN_LAW = "28", _("son-in-law")
    OTHER_SON = "29", _("other son")
    DAUGHTER = "30", _("daughter")
    ONLY_DAUGHTER = "31", _("only daughter")
    ELDEST_DAUGHTER = "32", _("eldest daughter")
    SECOND_DAUGHTER = "33", _("second daughter")
    THIRD_DAUGHTER = "34", _("third daughter")
    FOURTH_DAUGHTER = "35", _("fourth daughter")
    FIFTH_DAUGHTER = "36", _("fifth daughter")
    ADOPTED_OR_STEP_DAUGHTER = "37", _("adopted daughter or stepdaughter")
    DAUGHTER_IN_LAW = "38", _("daughter-in-law")
    OTHER_DAUGHTER = "39", _("other daughter")
    GRANDCHILD = "40", _("grandchild")
    GRANDSON = "41", _("grandson (son's son)")
    GRANDDAUGHTER = "42", _("granddaughter (son's daughter)")
    DAUGHTERS_SON = "43", _("grandson (daughter's son)")
    DAUGHTERS_DAUGHTER = "44", _("granddaughter (daughter's daughter)")
    GRANDSON_IN_LAW_WIFE = "45", _("grandson's wife")
    GRANDDAUGHTER_HUSBAND = "46", _("granddaughter's husband")
    GREAT_GRANDSON = "47", _("great-grandson")
    GREAT_GRANDDAUGHTER = "48", _("great-granddaughter")
    OTHER_GRANDCHILD = "49", _("other grandchild")
    PARENT = "50", _("parent")
    FATHER = "51", _("father")
    MOTHER = "52", _("mother")
    FATHER_IN_LAW_HUSBAND = "53", _("father-in-law (husband's father)")
    MOTHER_IN_LAW_HUSBAND = "54", _("mother-in-law (husband's mother)")
    FATHER_IN_LAW_WIFE = "55", _("father-in-law (wife's father)")
    MOTHER_IN_LAW_WIFE = "56", _("mother-in-law (wife's mother)")
    STEP_OR_ADOPTIVE_FATHER = "57", _("stepfather or adoptive father")
    STEP_OR_ADOPTIVE_MOTHER = "58", _("stepmother or adoptive mother")
    OTHER_PARENT = "59", _("other parent")
    GRANDPARENT = "60", _("grandparent")
    PATERNAL_GRANDFATHER = "61", _("paternal grandfather")
    PATERNAL_GRANDMOTHER = "62", _("paternal grandmother")
    MATERNAL_GRANDFATHER = "63", _("maternal grandfather")
    MATERNAL_GRANDMOTHER = "64", _("maternal grandmother")
    SPOUSES_GRANDPARENT = "65", _("spouse's grandparent")
    GREAT_GRANDFATHER = "66", _("great-grandfather")
    GREAT_GRANDMOTHER = "67", _("great-grandmother")
    SPOUSES_GREAT_GRANDPARENT = "68", _("spouse's great-grandparent")
    OTHER_GRANDPARENT = "69", _("other grandparent")
    SIBLING = "70", _("brother or sister")
    ELDER_BROTHER = "71", _("elder brother")
    ELDER_BROTHERS_WIFE = "72", _("elder brother's wife")
    YOUNGER_BROTHER = "73", _("younger brother")
    YOUNGER_BROTHERS_WIFE = "74", _("younger brother's wife")
    ELDER_SISTER = "75", _("elder sister")
    ELDER_SISTERS_HUSBAND = "76", _("elder sister's husband")
    YOUNGER_SISTER = "77", _("younger sister")
    YOUNGER_SISTERS_HUSBAND = "78", _("younger sister's husband")
    OTHER_SIBLING = "79", _("other brother or sister")
    OTHER = "80", _("other")
    FATHERS_ELDER_BROTHER = "81", _("uncle (father's elder brother)")
    FATHERS_ELDER_BROTHERS_WIFE = "82", _("aunt (wife of father's elder brother)")
    FATHERS_YOUNGER_BROTHER = "83", _("uncle (father's younger brother)")
    FATHERS_YOUNGER_BROTHERS_WIFE = "84", _("aunt (wife of father's younger brother)")
    MOTHERS_BROTHER = "85", _("uncle (mother's brother)")
    MOTHERS_BROTHERS_WIFE = "86", _("aunt (wife of mother's brother)")
    MOTHERS_SISTERS_HUSBAND = "87", _("uncle (husband of mother's sister)")
    MOTHERS_SISTER = "88", _("aunt (mother's sister)")
    FATHERS_SISTERS_HUSBAND = "89", _("uncle (husband of father's sister)")
    FATHERS_SISTER = "90", _("aunt (father's sister)")
    PATERNAL_COUSIN = "91", _("cousin (paternal, same surname)")
    COUSIN = "92", _("cousin")
    BROTHERS_SON = "93", _("nephew (brother's son)")
    BROTHERS_DAUGHTER = "94", _("niece (brother's daughter)")
    SISTERS_SON = "95", _("nephew (sister's son)")
    SISTERS_DAUGHTER = "96", _("niece (sister's daughter)")
    OTHER_RELATIVE = "97", _("other relative")
    NOT_RELATED = "99", _("not related")


HEAD_RELATIONS = frozenset({Relation.HEAD, Relation.SELF})
SPOUSE_RELATIONS = frozenset({Relation.SPOUSE, Relation.HUSBAND, Relation.WIFE})
# Sons and daughters of the head (and so of the head's couple); children-in-law are not children.
CHILD_RELATIONS = frozenset(
    code for code in Relation.values if "20" <= code <= "39" and code not in {"28", "38"}
)
ADOPTED_CHILD_RELATIONS = frozenset({Relation.ADOPTED_OR_STEP_SON, Relation.ADOPTED_OR_STEP_DAUGHTER})


class MaritalStatus(models.TextChoices):
    SINGLE = "10", _("never married")
    MARRIED = "20", _("married")
    FIRST_MARRIAGE = "21", _("married (first marriage)")
    REMARRIED = "22", _("remarried")
    REMARRIED_SAME_SPOUSE = "23", _("remarried to the former spouse")
    WIDOWED = "30", _("widowed")
    DIVORCED = "40", _("divorced")
    NOT_STATED = "90", _("marital status not stated")


MARRIED_STATUSES = frozenset({
    MaritalStatus.MARRIED, MaritalStatus.FIRST_MARRIAGE, MaritalStatus.REMARRIED,
    MaritalStatus.REMARRIED_SAME_SPOUSE,
})
# Married at least once: someone recorded so has reached the legal age for marriage.
EVER_MARRIED = MARRIED_STATUSES | {MaritalStatus.WIDOWED, MaritalStatus.DIVORCED}


class Ethnicity(models.TextChoices):
    HAN = "01", _("Han")
    MONGOL = "02", _("Mongol")
    HUI = "03", _("Hui")
    TIBETAN = "04", _("Tibetan")
    UYGHUR = "05", _("Uyghur")
    MIAO = "06", _("Miao")
    YI = "07", _("Yi")
    ZHUANG = "08", _("Zhuang")
    BOUYEI = "09", _("Bouyei")
    KOREAN = "10", _("Korean")
    MANCHU = "11", _("Manchu")
    DONG = "12", _("Dong")
    YAO = "13", _("Yao")
    BAI = "14", _("Bai")
    TUJIA = "15", _("Tujia")
    HANI = "16", _("Hani")
    KAZAKH = "17", _("Kazakh")
    DAI = "18", _("Dai")
    LI = "19", _("Li")
    LISU = "20", _("Lisu")
    VA = "21", _("Va")
    SHE = "22", _("She")
    GAOSHAN = "23", _("Gaoshan")
    LAHU = "24", _("Lahu")
    SUI = "25", _("Sui")
    DONGXIANG = "26", _("Dongxiang")
    NAXI = "27", _("Naxi")
    JINGPO = "28", _("Jingpo")
    KYRGYZ = "29", _("Kyrgyz")
    TU = "30", _("Tu")
    DAUR = "31", _("Daur")
    MULAO = "32", _("Mulao")
    QIANG = "33", _("Qiang")
    BLANG = "34", _("Blang")
    SALAR = "35", _("Salar")
    MAONAN = "36", _("Maonan")
    GELAO = "37", _("Gelao")
    XIBE = "38", _("Xibe")
    ACHANG = "39", _("Achang")
    PUMI = "40", _("Pumi")
    TAJIK = "41", _("Tajik")
    NU = "42", _("Nu")
    UZBEK = "43", _("Uzbek")
    RUSSIAN = "44", _("Russian")
    EVENKI = "45", _("Evenki")
    DEANG = "46", _("De'ang")
    BONAN = "47", _("Bonan")
    YUGUR = "48", _("Yugur")
    GIN = "49", _("Gin")
    TATAR = "50", _("Tatar")
    DERUNG = "51", _("Derung")
    OROQEN = "52", _("Oroqen")
    HEZHEN = "53", _("Hezhen")
    MONBA = "54", _("Monba")
    LHOBA = "55", _("Lhoba")
    JINO = "56", _("Jino")
    OTHER = "97", _("other ethnicity")
    FOREIGN_ORIGIN = "98", _("Chinese citizen of foreign origin")


# The standards' own Chinese names, as data: an import file may use them whatever the page language.
STANDARD_NAMES = {
    "relation": {
        "01": "本人", "02": "户主", "10": "配偶", "11": "夫", "12": "妻", "20": "子", "21": "独生子", "22": "长子",
        "23": "次子", "24": "三子", "25": "四子", "26": "五子", "27": "养子或继子", "28": "女婿", "29": "其他儿子",
        "30": "女", "31": "独生女", "32": "长女", "33": "次女", "34": "三女", "35": "四女", "36": "五女",
        "37": "养女或继女", "38": "儿媳", "39": "其他女儿", "40": "孙子、孙女或外孙子、外孙女", "41": "孙子",
        "42": "孙女", "43": "外孙子", "44": "外孙女", "45": "孙媳妇或外孙媳妇", "46": "孙女婿或外孙女婿",
        "47": "曾孙子或外曾孙子", "48": "曾孙女或外曾孙女", "49": "其他孙子、孙女或外孙子、外孙女", "50": "父母",
        "51": "父亲", "52": "母亲", "53": "公公", "54": "婆婆", "55": "岳父", "56": "岳母", "57": "继父或养父",
        "58": "继母或养母", "59": "其他父母关系", "60": "祖父母或外祖父母", "61": "祖父", "62": "祖母",
        "63": "外祖父", "64": "外祖母", "65": "配偶的祖父母或外祖父母", "66": "曾祖父", "67": "曾祖母",
        "68": "配偶的曾祖父母或外曾祖父母", "69": "其他祖父母或外祖父母关系", "70": "兄弟姐妹", "71": "兄",
        "72": "嫂", "73": "弟", "74": "弟媳", "75": "姐姐", "76": "姐夫", "77": "妹妹", "78": "妹夫",
        "79": "其他兄弟姐妹", "80": "其他", "81": "伯父", "82": "伯母", "83": "叔父", "84": "婶母", "85": "舅父",
        "86": "舅母", "87": "姨父", "88": "姨母", "89": "姑父", "90": "姑母", "91": "堂兄弟、堂姐妹",
        "92": "表兄弟、表姐妹", "93": "侄子", "94": "侄女", "95": "外甥", "96": "外甥女", "97": "其他亲属",
        "99": "非亲属",
    },
    "marital_status": {
        "10": "未婚", "20": "已婚", "21": "初婚", "22": "再婚", "23": "复婚", "30": "丧偶", "40": "离婚",
        "90": "未说明的婚姻状况",
    },
    "ethnicity": {
        "01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族", "05": "维吾尔族", "06": "苗族", "07": "彝族",
        "08": "壮族", "09": "布依族", "10": "朝鲜族", "11": "满族", "12": "侗族", "13": "瑶族", "14": "白族",
        "15": "土家族", "16": "哈尼族", "17": "哈萨克族", "18": "傣族", "19": "黎族", "20": "傈僳族", "21": "佤族",
        "22": "畲族", "23": "高山族", "24": "拉祜族", "25": "水族", "26": "东乡族", "27": "纳西族", "28": "景颇族",
        "29": "柯尔克孜族", "30": "土族", "31": "达斡尔族", "32": "仫佬族", "33": "羌族", "34": "布朗族",
        "35": "撒拉族", "36": "毛南族", "37": "仡佬族", "38": "锡伯族", "39": "阿昌族", "40": "普米族",
        "41": "塔吉克族", "42": "怒族", "43": "乌孜别克族", "44": "俄罗斯族", "45": "鄂温克族", "46": "德昂族",
        "47": "保安族", "48": "裕固族", "49": "京族", "50": "塔塔尔族", "51": "独龙族", "52": "鄂伦春族",
        "53": "赫哲族", "54": "门巴族", "55": "珞巴族", "56": "基诺族", "97": "其他", "98": "外国血统中国籍人士",
    },
}
