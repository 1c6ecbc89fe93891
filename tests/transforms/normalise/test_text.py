from transforms.normalise.markup import html_to_text
from transforms.normalise.text import decode_bytes, to_simplified

PAGE = """<html><head><meta charset="gbk"><title>t</title></head><body>
<div class="nav">首页 | 财经 | 科技</div>
<div id="artibody"><p>2023年,直播电商交易规模达4.9万亿元。</p></div>
<div class="related-news"><a href="/x">相关阅读</a></div>
<footer>版权所有</footer></body></html>"""


def test_gbk_page_decodes_from_its_meta_tag():
    assert "交易规模" in decode_bytes(PAGE.encode("gbk"))


def test_header_charset_wins_over_detection():
    data = "腾讯控股发布财报,收入同比增长".encode("gb18030")
    assert decode_bytes(data, "gb2312") == "腾讯控股发布财报,收入同比增长"


def test_wrong_declared_charset_falls_back():
    data = "视频号总用户使用时长同比增长超过80%".encode()
    assert decode_bytes(data, "iso-8859-1x") == "视频号总用户使用时长同比增长超过80%"


def test_boilerplate_is_removed():
    text = html_to_text(PAGE)
    assert "4.9万亿元" in text
    assert "相关阅读" not in text and "版权所有" not in text and "首页" not in text


def test_traditional_to_simplified_keeps_length():
    src = "騰訊公佈二零二二年第三季業績,網絡廣告收入"
    out = to_simplified(src)
    assert out == "腾讯公布二零二二年第三季业绩,网络广告收入"
    assert len(out) == len(src)
