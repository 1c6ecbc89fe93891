"""A synthetic corpus of Chinese industry articles (fixed seed) and its parse rate, memory and growth.

Run as `python -m bench.corpus --n 1000` to measure in a fresh process: it prints one JSON line with
the parse time, documents per second and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from transforms.model import DocMeta

SEED = 20240101
PLATFORMS = ("抖音电商", "快手", "视频号", "淘宝", "京东", "拼多多", "小红书", "美团")
LAYOUTS = ("sina", "generic", "content")

_SUBJECTS = ("平台方面", "业内人士", "分析师", "多位商家", "相关负责人", "行业观察者", "品牌方", "从业者", "研究机构")
_VERBS = ("表示", "认为", "指出", "提到", "介绍", "坦言", "判断")
_CLAUSES = (
    "直播带货正在从流量驱动转向内容与供应链并重",
    "中小商家在内容电商中的经营门槛仍在降低",
    "货架场景与短视频场景的融合是下一阶段的重点",
    "用户在短视频里的停留时间决定了转化的上限",
    "售后体验和退货率是平台必须面对的老问题",
    "下沉市场的消费潜力还没有被充分释放",
    "品牌自播的比例在逐步提高,达人分销的依赖在下降",
    "物流履约能力是商家复购率的关键因素",
    "平台之间的竞争已经从补贴转向服务和效率",
    "私域流量与公域流量的打通仍需要时间",
    "搜索入口的价值在内容平台上被重新发现",
    "跨境业务给平台带来了新的增长空间",
    "监管对直播行业的规范让市场更加有序",
    "消费者对性价比的关注度明显上升",
)
_OPENERS = (
    "记者注意到,", "值得关注的是,", "从公开信息看,", "与此同时,", "另据了解,", "整体来看,", "具体而言,",
    "在采访中,", "有观点认为,", "不过,",
)
_TAILS = ("仍有待观察", "还需要更长时间验证", "已成为行业共识", "正在被越来越多的商家接受", "引发了市场的广泛讨论")


@dataclass(frozen=True, slots=True)
class Article:
    """One generated article: its page bytes and what an index would say about it."""

    data: bytes
    meta: DocMeta
    claims: int


def _filler(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return f"{rng.choice(_OPENERS)}{rng.choice(_SUBJECTS)}{rng.choice(_VERBS)},{rng.choice(_CLAUSES)}。"
    if kind == 1:
        return f"{rng.choice(_CLAUSES)},这一点{rng.choice(_TAILS)}。"
    return f"{rng.choice(_SUBJECTS)}{rng.choice(_VERBS)},{rng.choice(_CLAUSES)},{rng.choice(_CLAUSES)}。"


def _claim(rng: random.Random, pick: int, platform: str, year: int, quarter: int) -> str:
    amount = rng.randrange(200, 9000)
    growth = round(rng.uniform(-8, 60), 1)
    if pick == 0:
        return f"{year}年第{quarter}季度,{platform}商品交易总额为人民币{amount:,}亿元,同比增长{growth}%。"
    if pick == 1:
        return f"{platform}{year - 1}年全年GMV约{amount:,}亿元,较上年增长{abs(growth)}%。"
    if pick == 2:
        month = quarter * 3
        return f"国家统计局数据显示,{year}年1-{month}月,全国网上零售额{amount * 10:,}亿元,同比增长{abs(growth)}%。"
    if pick == 3:
        return f"{year}年上半年,{platform}直播电商销售额超过{amount:,}亿元。"
    return f"{year}年第{quarter}季度,{platform}订单量同比下降{abs(growth)}%。"


def _page(layout: str, title: str, published: date, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>\u3000\u3000{p}</p>" for p in paragraphs)
    stamp = f"{published:%Y年%m月%d日} {published.toordinal() % 24:02d}:{published.toordinal() % 60:02d}"
    nav = '<nav class="nav"><a href="/">首页</a><a href="/tech">科技</a><a href="/finance">财经</a></nav>'
    related = '<div class="related-news"><h3>相关新闻</h3><ul><li><a href="#">更多电商行业报道</a></li></ul></div>'
    if layout == "sina":
        main = (f'<h1 class="main-title">{title}</h1><div class="date-source"><span class="date">{stamp}</span>'
                f'</div><div class="article" id="artibody">{body}</div>')
    elif layout == "generic":
        main = (f'<div class="article-header"><h1>{title}</h1><span class="time">{published:%Y-%m-%d} 10:00</span>'
                f'</div><div class="article-content">{body}</div>')
    else:
        main = f'<h1>{title}</h1><p class="date">{published:%Y-%m-%d}</p><div class="content">{body}</div>'
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_财经</title>'
            f'<meta property="og:title" content="{title}"></head><body>{nav}<div class="main">{main}'
            f'{related}</div><div class="footer">版权所有</div></body></html>')


def article(rng: random.Random, index: int) -> Article:
    """One article of 8-14 paragraphs (about 1,500-3,000 characters) with 2-5 numeric claims."""
    platform = rng.choice(PLATFORMS)
    year = rng.randrange(2019, 2026)
    quarter = rng.randrange(1, 5)
    published = date(year, quarter * 3, 1) + timedelta(days=rng.randrange(35, 60))
    title = f"{platform}{year}年第{quarter}季度电商业务观察"
    n_paragraphs = rng.randrange(8, 15)
    n_claims = rng.randrange(2, 6)
    claim_slots = dict(zip(rng.sample(range(n_paragraphs), n_claims), rng.sample(range(5), n_claims), strict=True))
    paragraphs = []
    for i in range(n_paragraphs):
        sentences = [_filler(rng) for _ in range(rng.randrange(3, 6))]
        if i in claim_slots:
            claim = _claim(rng, claim_slots[i], platform, year, quarter)
            sentences.insert(rng.randrange(len(sentences) + 1), claim)
        paragraphs.append("".join(sentences))
    html = _page(rng.choice(LAYOUTS), title, published, paragraphs)
    meta = DocMeta(url=f"https://example.com/news/{index:08d}.html", source="article", title=title,
                   published_at=published, content_type="text/html; charset=utf-8", charset="utf-8")
    return Article(html.encode("utf-8"), meta, len(claim_slots))


def articles(n: int, seed: int = SEED) -> Iterator[Article]:
    """n generated articles, the same ones for the same seed."""
    rng = random.Random(seed)
    for i in range(n):
        yield article(rng, i)


def peak_rss_mib() -> float:
    """Peak resident memory of this process image (MiB): VmHWM, which, unlike ru_maxrss, exec resets."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse_corpus(n: int, seed: int = SEED, kind: str = "article", *, deadline: float | None = None,
                 step: int = 1000) -> dict:
    """Generate and parse up to n articles in this process, stopping after `deadline` seconds of parsing.

    Returns counts, parse time (generation excluded), rate, peak memory and the cumulative parse
    time at every `step` documents (for the growth check).
    """
    from transforms.model import ParseError
    from transforms.parse import parse_document

    warm = next(articles(1, seed + 1))
    parse_document(warm.data, warm.meta, kind=kind)
    results = []
    failed = size = done = 0
    parse_s = cpu_s = gen_s = 0.0
    checkpoints: list[tuple[int, float]] = []
    source = articles(n, seed)
    while deadline is None or parse_s < deadline:
        g0 = time.perf_counter()
        doc = next(source, None)
        gen_s += time.perf_counter() - g0
        if doc is None:
            break
        size += len(doc.data)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            results.append(parse_document(doc.data, doc.meta, kind=kind))
        except ParseError:
            failed += 1
        parse_s += time.perf_counter() - t0
        cpu_s += time.process_time() - c0
        done += 1
        if done % step == 0:
            checkpoints.append((done, parse_s))
    return {
        "n": n,
        "done": done,
        "complete": done == n,
        "kind": kind,
        "parse_s": parse_s,
        "cpu_s": cpu_s,
        "generate_s": gen_s,
        "docs_per_s": done / parse_s if parse_s > 0 else 0.0,
        "mean_bytes": size / done if done else 0,
        "facts": sum(len(r.facts) for r in results),
        "held": sum(len(r.held) for r in results),
        "failed": failed,
        "peak_rss_mib": peak_rss_mib(),
        "checkpoints": checkpoints,
    }


def parse_corpus_on_workers(n: int, workers: int, seed: int = SEED, kind: str = "article", *,
                            deadline: float | None = None, step: int = 100) -> dict:
    """Parse up to n articles on `workers` worker processes (the flow's parse path), stopping after `deadline` s.

    The articles are generated first; each worker takes one contiguous share in runs of `step` documents.
    CPU time and peak memory cover this process and its workers.
    """
    import threading

    from transforms.model import ParseError
    from transforms.parse import PARSE_TIME_LIMIT, parse_document, parse_item, registry_key
    from transforms.parse.workers import WorkerPool

    warm = next(articles(1, seed + 1))
    parse_document(warm.data, warm.meta, kind=kind)  # warm caches here: the workers are forked from this process
    g0 = time.perf_counter()
    docs = list(articles(n, seed))
    gen_s = time.perf_counter() - g0
    shares = [docs[i::workers] for i in range(workers)]
    pool = WorkerPool(workers)
    outcomes: list[list] = [[] for _ in shares]
    key = registry_key()
    started = time.perf_counter()
    c0 = time.process_time()

    def work(i: int) -> None:
        share = shares[i]
        for at in range(0, len(share), step):
            if deadline is not None and time.perf_counter() - started >= deadline:
                return
            items = [(d.data, d.meta, kind) for d in share[at : at + step]]
            outcomes[i] += pool.run(parse_item, items, time_limit=PARSE_TIME_LIMIT, key=key)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parse_s = time.perf_counter() - started
    pool.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    results = [o for share in outcomes for o in share]
    parsed = [r for r in results if not isinstance(r, ParseError)]
    done = len(results)
    return {
        "n": n,
        "done": done,
        "complete": done == n,
        "kind": kind,
        "workers": workers,
        "parse_s": parse_s,
        "cpu_s": time.process_time() - c0 + children.ru_utime + children.ru_stime,
        "generate_s": gen_s,
        "docs_per_s": done / parse_s if parse_s > 0 else 0.0,
        "mean_bytes": sum(len(d.data) for d in docs[:done]) / done if done else 0,
        "facts": sum(len(r.facts) for r in parsed),
        "held": sum(len(r.held) for r in parsed),
        "failed": done - len(parsed),
        "peak_rss_mib": max(peak_rss_mib(), children.ru_maxrss / 1024),
        "checkpoints": [],
    }


def write_corpus(folder, n: int, seed: int = SEED) -> int:
    """Write n articles as .html files into a folder (an inbox); returns the bytes written."""
    from pathlib import Path

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for i, doc in enumerate(articles(n, seed)):
        written += (target / f"article_{i:06d}.html").write_bytes(doc.data)
    return written


def main(argv: list[str] | None = None) -> int:
    """Parse a generated corpus in this process and print the measurement as one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--kind", default="article")
    parser.add_argument("--deadline", type=float, default=None, help="stop after this many seconds of parsing")
    parser.add_argument("--workers", type=int, default=0,
                        help="parse on this many worker processes (the flow's path); 0: on this thread")
    args = parser.parse_args(argv)
    if args.workers:
        measured = parse_corpus_on_workers(args.n, args.workers, args.seed, args.kind, deadline=args.deadline)
    else:
        measured = parse_corpus(args.n, args.seed, args.kind, deadline=args.deadline)
    print(json.dumps(measured))
    return 0


if __name__ == "__main__":
    sys.exit(main())
