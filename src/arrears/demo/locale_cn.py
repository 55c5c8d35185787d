"""Vendored reference data for Chinese (zh_CN) demo customers.

The demo must run offline and be byte-for-byte reproducible, so every list is a literal
here rather than a download or a Faker dependency. The data is chosen to exercise what a
Chinese book really looks like: one-character surnames weighted by frequency, one- or
two-character given names, addresses written province-city-district-street-number, real
GB/T 2260 district codes (the first six digits of a resident identity number) and the
ISO 3166-2 subdivision of each province, and mobile prefixes of the three carriers.

Each surname and given-name character carries its pinyin so that e-mail addresses can be
derived from the name the way people actually choose them (``wangxiaoming88@163.com``).
"""

# (surname, pinyin, relative frequency): the most common surnames of the 2020 census.
SURNAMES: tuple[tuple[str, str, int], ...] = (
    ("王", "wang", 74), ("李", "li", 73), ("张", "zhang", 70), ("刘", "liu", 54), ("陈", "chen", 48),
    ("杨", "yang", 33), ("黄", "huang", 25), ("赵", "zhao", 23), ("吴", "wu", 21), ("周", "zhou", 21),
    ("徐", "xu", 16), ("孙", "sun", 15), ("马", "ma", 15), ("朱", "zhu", 14), ("胡", "hu", 13),
    ("郭", "guo", 12), ("何", "he", 12), ("林", "lin", 11), ("高", "gao", 11), ("罗", "luo", 11),
    ("郑", "zheng", 10), ("梁", "liang", 10), ("谢", "xie", 8), ("宋", "song", 8), ("唐", "tang", 8),
    ("许", "xu", 7), ("邓", "deng", 7), ("韩", "han", 7), ("冯", "feng", 7), ("曹", "cao", 7),
    ("彭", "peng", 6), ("曾", "zeng", 6), ("肖", "xiao", 6), ("田", "tian", 6), ("董", "dong", 6),
    ("潘", "pan", 5), ("袁", "yuan", 5), ("蔡", "cai", 5), ("蒋", "jiang", 5), ("余", "yu", 5),
    ("于", "yu", 5), ("杜", "du", 5), ("叶", "ye", 5), ("程", "cheng", 5), ("魏", "wei", 4),
    ("苏", "su", 4), ("吕", "lv", 4), ("丁", "ding", 4), ("任", "ren", 4), ("卢", "lu", 4),
    ("姚", "yao", 4), ("沈", "shen", 4), ("钟", "zhong", 4), ("姜", "jiang", 4), ("崔", "cui", 4),
    ("谭", "tan", 4), ("陆", "lu", 3), ("范", "fan", 3), ("汪", "wang", 3), ("廖", "liao", 3),
    ("石", "shi", 3), ("金", "jin", 3), ("韦", "wei", 3), ("贾", "jia", 3), ("夏", "xia", 3),
    ("付", "fu", 3), ("方", "fang", 3), ("邹", "zou", 2), ("熊", "xiong", 2), ("白", "bai", 2),
    ("孟", "meng", 2), ("秦", "qin", 2), ("邱", "qiu", 2), ("侯", "hou", 2), ("江", "jiang", 2),
    ("欧阳", "ouyang", 1), ("司马", "sima", 1), ("诸葛", "zhuge", 1),
)  # fmt: skip

# Characters common in given names, with pinyin (tone marks dropped, as in e-mail handles).
GIVEN_CHARS: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"),
    ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("桂", "gui"), ("英", "ying"), ("华", "hua"),
    ("建", "jian"), ("国", "guo"), ("文", "wen"), ("玉", "yu"), ("兰", "lan"), ("红", "hong"),
    ("海", "hai"), ("小", "xiao"), ("晓", "xiao"), ("志", "zhi"), ("子", "zi"), ("浩", "hao"),
    ("宇", "yu"), ("轩", "xuan"), ("梓", "zi"), ("涵", "han"), ("欣", "xin"), ("怡", "yi"),
    ("佳", "jia"), ("雨", "yu"), ("婷", "ting"), ("博", "bo"), ("俊", "jun"), ("鹏", "peng"),
    ("辉", "hui"), ("鑫", "xin"), ("宁", "ning"), ("慧", "hui"), ("雪", "xue"), ("琳", "lin"),
    ("晨", "chen"), ("阳", "yang"), ("亮", "liang"), ("成", "cheng"), ("林", "lin"), ("斌", "bin"),
    ("飞", "fei"), ("云", "yun"), ("凯", "kai"), ("健", "jian"), ("瑞", "rui"), ("嘉", "jia"),
    ("思", "si"), ("雅", "ya"), ("梦", "meng"), ("倩", "qian"), ("颖", "ying"), ("璐", "lu"),
    ("昊", "hao"), ("然", "ran"), ("泽", "ze"), ("宏", "hong"), ("德", "de"), ("永", "yong"),
    ("春", "chun"), ("燕", "yan"), ("丹", "dan"), ("晶", "jing"), ("波", "bo"), ("斐", "fei"),
    ("诗", "shi"), ("琪", "qi"), ("鸿", "hong"), ("天", "tian"), ("一", "yi"), ("心", "xin"),
)  # fmt: skip

# (ISO 3166-2, address prefix, GB/T 2260 district code, relative weight).
# The prefix is what an address starts with: province, prefecture city, district; the four
# municipalities (北京, 上海, 天津, 重庆) have no province level.
DISTRICTS: tuple[tuple[str, str, int, int], ...] = (
    ("CN-BJ", "北京市东城区", 110101, 3), ("CN-BJ", "北京市西城区", 110102, 3),
    ("CN-BJ", "北京市朝阳区", 110105, 6), ("CN-BJ", "北京市丰台区", 110106, 4),
    ("CN-BJ", "北京市海淀区", 110108, 6),
    ("CN-SH", "上海市黄浦区", 310101, 3), ("CN-SH", "上海市徐汇区", 310104, 4),
    ("CN-SH", "上海市长宁区", 310105, 3), ("CN-SH", "上海市闵行区", 310112, 5),
    ("CN-SH", "上海市浦东新区", 310115, 8),
    ("CN-TJ", "天津市和平区", 120101, 2), ("CN-TJ", "天津市南开区", 120104, 3),
    ("CN-CQ", "重庆市渝中区", 500103, 3), ("CN-CQ", "重庆市江北区", 500105, 3),
    ("CN-CQ", "重庆市沙坪坝区", 500106, 3),
    ("CN-GD", "广东省广州市荔湾区", 440103, 3), ("CN-GD", "广东省广州市越秀区", 440104, 3),
    ("CN-GD", "广东省广州市海珠区", 440105, 4), ("CN-GD", "广东省广州市天河区", 440106, 6),
    ("CN-GD", "广东省广州市白云区", 440111, 5), ("CN-GD", "广东省深圳市罗湖区", 440303, 3),
    ("CN-GD", "广东省深圳市福田区", 440304, 5), ("CN-GD", "广东省深圳市南山区", 440305, 6),
    ("CN-GD", "广东省深圳市宝安区", 440306, 7), ("CN-GD", "广东省深圳市龙岗区", 440307, 7),
    ("CN-GD", "广东省佛山市禅城区", 440604, 3), ("CN-GD", "广东省佛山市顺德区", 440606, 4),
    ("CN-ZJ", "浙江省杭州市上城区", 330102, 3), ("CN-ZJ", "浙江省杭州市拱墅区", 330105, 3),
    ("CN-ZJ", "浙江省杭州市西湖区", 330106, 4), ("CN-ZJ", "浙江省杭州市滨江区", 330108, 3),
    ("CN-ZJ", "浙江省宁波市海曙区", 330203, 2), ("CN-ZJ", "浙江省宁波市鄞州区", 330212, 3),
    ("CN-JS", "江苏省南京市玄武区", 320102, 2), ("CN-JS", "江苏省南京市秦淮区", 320104, 2),
    ("CN-JS", "江苏省南京市建邺区", 320105, 2), ("CN-JS", "江苏省南京市鼓楼区", 320106, 3),
    ("CN-JS", "江苏省苏州市虎丘区", 320505, 2), ("CN-JS", "江苏省苏州市吴中区", 320506, 3),
    ("CN-JS", "江苏省苏州市姑苏区", 320508, 2),
    ("CN-SC", "四川省成都市锦江区", 510104, 3), ("CN-SC", "四川省成都市青羊区", 510105, 3),
    ("CN-SC", "四川省成都市金牛区", 510106, 3), ("CN-SC", "四川省成都市武侯区", 510107, 4),
    ("CN-HB", "湖北省武汉市江岸区", 420102, 3), ("CN-HB", "湖北省武汉市武昌区", 420106, 3),
    ("CN-HB", "湖北省武汉市洪山区", 420111, 4),
    ("CN-HN", "湖南省长沙市芙蓉区", 430102, 2), ("CN-HN", "湖南省长沙市天心区", 430103, 2),
    ("CN-HN", "湖南省长沙市岳麓区", 430104, 3),
    ("CN-SD", "山东省济南市历下区", 370102, 2), ("CN-SD", "山东省济南市市中区", 370103, 2),
    ("CN-SD", "山东省青岛市市南区", 370202, 2), ("CN-SD", "山东省青岛市市北区", 370203, 2),
    ("CN-HA", "河南省郑州市中原区", 410102, 2), ("CN-HA", "河南省郑州市金水区", 410105, 3),
    ("CN-FJ", "福建省福州市鼓楼区", 350102, 2), ("CN-FJ", "福建省福州市仓山区", 350104, 2),
    ("CN-FJ", "福建省厦门市思明区", 350203, 2), ("CN-FJ", "福建省厦门市湖里区", 350206, 2),
    ("CN-SN", "陕西省西安市新城区", 610102, 2), ("CN-SN", "陕西省西安市碑林区", 610103, 2),
    ("CN-SN", "陕西省西安市雁塔区", 610113, 3),
    ("CN-AH", "安徽省合肥市瑶海区", 340102, 2), ("CN-AH", "安徽省合肥市蜀山区", 340104, 2),
    ("CN-LN", "辽宁省沈阳市和平区", 210102, 2), ("CN-LN", "辽宁省沈阳市沈河区", 210103, 2),
    ("CN-LN", "辽宁省大连市中山区", 210202, 2),
    ("CN-HE", "河北省石家庄市长安区", 130102, 2), ("CN-HE", "河北省石家庄市桥西区", 130104, 2),
    ("CN-YN", "云南省昆明市五华区", 530102, 2), ("CN-YN", "云南省昆明市盘龙区", 530103, 2),
    ("CN-GX", "广西壮族自治区南宁市兴宁区", 450102, 1), ("CN-GX", "广西壮族自治区南宁市青秀区", 450103, 2),
)  # fmt: skip

STREETS: tuple[str, ...] = (
    "人民路", "中山路", "解放路", "建设路", "和平路", "新华路", "文化路", "胜利路", "长江路",
    "黄河路", "科技园路", "学府路", "滨江路", "光明街", "朝阳路", "青年路", "东风路", "幸福路",
    "工业大道", "湖滨路", "金桥路", "南京路", "北京路", "花园路", "育才路", "迎宾大道",
    "世纪大道", "民主路", "复兴路", "友谊路", "振兴路", "红旗路", "凤凰路", "阳光大道",
)  # fmt: skip

# Mobile number prefixes (China Mobile, China Unicom, China Telecom), weighted by use.
MOBILE_PREFIXES: tuple[int, ...] = (
    134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 157, 158, 159, 178, 182, 183, 184, 187,
    188, 198, 130, 131, 132, 155, 156, 166, 175, 176, 185, 186, 133, 149, 153, 173, 177, 180,
    181, 189, 199, 191,
)  # fmt: skip

EMAIL_DOMAINS: tuple[str, ...] = ("163.com", "126.com", "sina.com", "foxmail.com", "outlook.com", "139.com", "yeah.net")
