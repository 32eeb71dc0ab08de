"""Generate a deterministic corpus of synthetic 法治政府建设年度报告 for benchmarks.

    python bench/make_corpus.py OUT_DIR [-n 1000] [--seed 7] [--min-kb 8] [--max-kb 25] [--big-mb 0]

Writes OUT_DIR/report-0001.txt … and OUT_DIR/manifest.json, which lists for every file its size
and the defects injected into it (by rule code), so a run can be checked for recall as well as
speed. ``--big-mb 10`` also writes OUT_DIR/big.txt, one report of about that many megabytes.

Every sentence here is written for this generator (none is taken from a real report); the same
seed always gives byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

PLACES = ["青石", "柳溪", "白沙", "东坪", "石门", "桃源", "龙泉", "清水", "南山", "新桥", "河口", "松林"]
KINDS = ["镇", "乡", "街道"]
CN = "零一二三四五六七八九十"

# The seven work areas of the town profile: heading text and sentences for the section.
AREAS: list[tuple[str, list[str]]] = [
    (
        "依法全面履行政府职能",
        [
            "对照上级部署，全面梳理{place}{kind}权责事项{n}项，实行清单动态调整。",
            "便民服务中心全年受理各类事项{big}件，按时办结率达到{pct}%。",
            "持续优化营商环境，新增市场主体{n}户，帮助企业解决实际困难{m}个。",
            "推进“一窗受理、集成服务”，{m}个高频事项实现当场办结。",
            "深化“放管服”改革，取消证明事项{m}项，压减办理时限{m}个工作日。",
        ],
    ),
    (
        "完善依法行政制度体系",
        [
            "全年制定规范性文件{m}件，均经合法性审查和集体讨论后印发。",
            "开展规范性文件清理，废止{m}件、修改{m}件，并向社会公布清理结果。",
            "印发《{place}{kind}{year}年依法行政工作要点》（{place}府发〔{year}〕{m}号），明确任务分工。",
            "建立规范性文件备案台账，按时报送备案{m}件，报备率100%。",
        ],
    ),
    (
        "健全依法科学民主决策机制",
        [
            "严格落实公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。",
            "全年共举行听证会{m}次，听取群众代表意见{n}条。",
            "聘请律师事务所担任常年法律顾问，全年出具法律意见书{n}份，审查合同{n}份。",
            "重大行政决策事项目录经{kind}党委研究后向社会公布，涉及民生项目{m}项。",
            "对{m}项重大决策开展社会稳定风险评估，未发生因决策引发的群体性事件。",
        ],
    ),
    (
        "强化对行政权力的制约和监督",
        [
            "主动接受人大监督和政协民主监督，办理代表建议和委员提案{n}件。",
            "全年发生行政诉讼案件{m}件，行政机关负责人出庭应诉{m}次。",
            "办理行政复议答复{m}件，均在法定期限内提交答复材料。",
            "推进政务公开，在门户网站主动公开政府信息{big}条。",
            "办理依申请公开{m}件，全部在法定期限内答复。",
        ],
    ),
    (
        "依法有效化解社会矛盾纠纷",
        [
            "健全人民调解组织网络，村（社区）调解委员会实现全覆盖。",
            "全年排查调处各类矛盾纠纷{n}件，调解成功率达到{pct}%。",
            "接待群众来访{n}批次，按期办结率{pct}%。",
            "开展矛盾纠纷“大排查、大化解”专项行动{m}次，化解积案{m}件。",
            "公共法律服务工作站提供法律咨询{n}人次，办理法律援助案件{m}件。",
        ],
    ),
    (
        "提高政府工作人员依法办事能力",
        [
            "{kind}党委理论学习中心组集体学法{m}次，专题学习宪法和民法典。",
            "组织全体干部参加法治专题培训{m}场，参训{n}人次。",
            "落实国家工作人员学法用法考试制度，参考率、合格率均为100%。",
            "开展“法律进村居”宣讲活动{n}场，发放宣传资料{big}份。",
        ],
    ),
    (
        "强化组织保障和落实机制",
        [
            "{kind}党委书记、{kind}长切实履行推进法治建设第一责任人职责，全年专题研究法治政府建设工作{m}次。",
            "将法治建设纳入年度综合考核，分值占比{small}%。",
            "按时向社会公开上一年度法治政府建设情况报告。",
            "落实法治建设经费{n}万元，配齐司法所工作人员{m}名。",
        ],
    ),
]
FILLER = [
    "下一步将进一步细化工作措施，确保各项任务落到实处。",
    "各村（社区）结合实际制定实施方案，形成上下联动的工作格局。",
    "通过定期调度、专项督查等方式，推动重点工作按期完成。",
    "工作中注重总结经验，及时将行之有效的做法固化为制度。",
    "坚持问题导向，对发现的薄弱环节逐项建立整改台账。",
    "加强与县直部门的沟通协作，形成工作合力。",
]
SHORTCOMINGS = [
    "一是基层执法力量仍然薄弱，专业法律人才不足。",
    "二是部分干部运用法治思维和法治方式解决问题的能力有待提高。",
    "三是普法宣传的针对性和实效性还需增强。",
    "主要原因是编制有限、培训投入不足，考核激励机制还不够健全。",
]
PLANS = [
    "{next}年，我{kind}将继续完善权责清单动态调整机制，加强合法性审查。",
    "持续深化矛盾纠纷多元化解，推动基层治理法治化。",
    "加大干部学法用法力度，全年组织集中学法不少于{m}次。",
]


def _fill(template: str, rng: random.Random, ctx: dict[str, object]) -> str:
    return template.format(
        n=rng.randint(12, 480),
        m=rng.randint(1, 9),
        big=rng.randint(1000, 9800),
        pct=rng.randint(90, 99),
        small=rng.randint(3, 15),
        **ctx,
    )


def _ordinal(value: int) -> str:
    if value <= 10:
        return CN[value]
    tens, ones = divmod(value, 10)
    return (CN[tens] if tens > 1 else "") + "十" + (CN[ones] if ones else "")


# Defects: (code, what is done). Each is applied to the assembled text or its parts.
DEFECTS = ["GL201", "GL301", "GL302", "GL303", "GL304", "GL305", "GL206", "GL102", "GL103", "GL106", "GL404"]


def make_report(rng: random.Random, target_bytes: int) -> tuple[str, list[dict[str, str]]]:
    """One report of about ``target_bytes`` UTF-8 bytes and the defects injected into it."""
    year = rng.choice([2021, 2022, 2023])
    place, kind = rng.choice(PLACES), rng.choice(KINDS)
    ctx: dict[str, object] = {"place": place, "kind": kind, "year": year, "next": year + 1}
    defects = sorted(rng.sample(DEFECTS, rng.randint(0, 3)))
    injected: list[dict[str, str]] = []

    head = [
        f"[ 索引号 ] 11500000MB{rng.randint(1000000, 9999999)}X/{year + 1}-{rng.randint(1, 99):05d} [ 发文字号 ]",
        f"[ 发布机构 ] 某县{place}{kind} [ 主题分类 ] 其他",
        f"[ 成文日期 ] {year + 1}-02-{rng.randint(10, 28)} [ 发布日期 ] {year + 1}-03-{rng.randint(1, 20):02d}",
        "",
        f"{place}{kind}{year}年法治政府建设情况报告",
        "",
        f"{year}年，{place}{kind}在县委、县政府的领导下，扎实推进法治政府建设。现将有关情况报告如下。",
        "",
    ]
    # Section bodies: each area gets subsections until the report reaches its target size.
    sections: list[list[list[str]]] = [[] for _ in AREAS]
    for index, (_, pool) in enumerate(AREAS):
        sections[index].append([_fill(t, rng, ctx) for t in pool])
    size = sum(len(line.encode()) for line in head) + 3000
    while size < target_bytes:
        index = rng.randrange(len(AREAS))
        paragraph = [_fill(rng.choice(AREAS[index][1]), rng, ctx) for _ in range(rng.randint(2, 4))]
        paragraph += [rng.choice(FILLER)]
        sections[index].append(paragraph)
        size += sum(len(s.encode()) for s in paragraph) + 30

    tail_parts: list[tuple[str, list[str]]] = []
    if "GL102" not in defects:
        tail_parts.append(("存在的不足和原因", ["".join(SHORTCOMINGS)]))
    else:
        injected.append({"code": "GL102", "what": "dropped the shortcomings section"})
    plan_year = year + 1
    if "GL404" in defects and "GL103" not in defects:
        plan_year = year + 2
        injected.append({"code": "GL404", "what": f"plan section names {plan_year}"})
    if "GL103" not in defects:
        plan_ctx = {**ctx, "next": plan_year}
        tail_parts.append((f"{plan_year}年工作安排", ["".join(_fill(p, rng, plan_ctx) for p in PLANS)]))
    else:
        injected.append({"code": "GL103", "what": "dropped the next-year plan section"})

    lines = list(head)
    top = 0
    skip_at = rng.randrange(2, len(AREAS)) if "GL106" in defects else -1
    if skip_at >= 0:
        injected.append({"code": "GL106", "what": f"top-level heading number skips after {skip_at}"})
    for index, (title, _) in enumerate(AREAS):
        top += 2 if index == skip_at else 1
        lines += [f"{_ordinal(top)}、{title}", ""]
        for sub, paragraph in enumerate(sections[index], start=1):
            # Past thirty subsections (only in a huge report) paragraphs go on without numbers.
            marker = f"（{_ordinal(sub)}）" if sub <= 30 else ""
            lines += [marker + "".join(paragraph), ""]
    for title, paragraphs in tail_parts:
        top += 1
        lines += [f"{_ordinal(top)}、{title}", "", *paragraphs, ""]
    text = "\n".join(lines)

    # Sentence-level defects: rewrite one occurrence of a known sentence shape.
    def once(old: str, new: str, code: str, what: str) -> None:
        nonlocal text
        if old in text:
            text = text.replace(old, new, 1)
            injected.append({"code": code, "what": what})

    if "GL201" in defects:
        text = _drop_hearing_counts(text)
        injected.append({"code": "GL201", "what": "hearing sentence without a count"})
    if "GL301" in defects:
        once("全年受理各类事项", "全年受理各类事项XX件，", "GL301", "placeholder XX")
    if "GL302" in defects:
        once("全年制定规范性文件", "全年制定规范性文件件，", "GL302", "number missing before 件")
    if "GL303" in defects:
        once(f"府发〔{year}〕", f"府发[{year}]", "GL303", "doc number with [ ] instead of 〔 〕")
    if "GL304" in defects:
        once("，", ",", "GL304", "half-width comma between Chinese")
    if "GL305" in defects:
        once("专题学习宪法和民法典", "专题学习《宪法和民法典", "GL305", "unbalanced 《")
    if "GL206" in defects:
        once("调解成功率达到", "调解成功率达到1", "GL206", "a rate over 100%")
    return text + "\n", injected


def _drop_hearing_counts(text: str) -> str:
    import re

    return re.sub(r"全年共举行听证会\d次，", "依法举行听证，", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", type=int, default=1000, help="number of reports")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--min-kb", type=float, default=9)
    parser.add_argument("--max-kb", type=float, default=25)
    parser.add_argument("--big-mb", type=float, default=0, help="also write big.txt of about this many MB")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, object] = {"seed": args.seed, "files": {}}
    total = 0
    width = max(4, len(str(args.n)))
    for number in range(1, args.n + 1):
        target = int(rng.uniform(args.min_kb, args.max_kb) * 1024)
        text, injected = make_report(rng, target)
        data = text.encode("utf-8")
        name = f"report-{number:0{width}d}.txt"
        (args.out / name).write_bytes(data)
        manifest["files"][name] = {"bytes": len(data), "defects": injected}  # type: ignore[index]
        total += len(data)
    if args.big_mb:
        text, injected = make_report(rng, int(args.big_mb * 1024 * 1024))
        data = text.encode("utf-8")
        (args.out / "big.txt").write_bytes(data)
        manifest["big"] = {"bytes": len(data), "defects": injected}
    manifest["total_bytes"] = total
    (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.n} reports, {total / 1048576:.1f} MB, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
