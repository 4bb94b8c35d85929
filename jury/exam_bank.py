"""The juror qualification exam's question bank (赔审员资格考试题库), in Chinese and English.

Three topics, eight questions each: joining rules, payout rules and juror ethics (DOMAIN.md
sections 2–5). Loaded by the data migration ``0002_exam_questions`` and kept in step with
``exam_bank_load``; questions are then edited in the admin. A sitting draws
``JURY_EXAM_QUESTIONS_PER_TOPIC`` active questions from each topic.
"""

from typing import Any

TOPICS = ("joining", "payout", "ethics")


def _q(
    code: str,
    topic: str,
    text: tuple[str, str],
    choices: list[tuple[str, str, str]],
    answer: str,
    explanation: tuple[str, str],
) -> dict[str, Any]:
    return {
        "code": code,
        "topic": topic,
        "text_zh": text[0],
        "text_en": text[1],
        "choices": [{"key": key, "zh": zh, "en": en} for key, zh, en in choices],
        "answer": answer,
        "explanation_zh": explanation[0],
        "explanation_en": explanation[1],
    }


QUESTIONS: list[dict[str, Any]] = [
    # --- Joining rules (加入规则) -------------------------------------------------------
    _q(
        "joining-waiting-first-day",
        "joining",
        (
            "小李于 2025 年 3 月 1 日加入大病互助计划。等待期为 90 天，从加入次日起算。"
            "首次确诊在哪一天或之后才在保障范围内？",
            "Li joined the critical-illness plan on 1 March 2025. The waiting period is 90 days, "
            "counted from the day after joining. From which day is a first diagnosis covered?",
        ),
        [
            ("a", "2025 年 5 月 29 日", "29 May 2025"),
            ("b", "2025 年 5 月 30 日", "30 May 2025"),
            ("c", "2025 年 5 月 31 日", "31 May 2025"),
            ("d", "2025 年 6 月 1 日", "1 June 2025"),
        ],
        "c",
        (
            "期间按日计算的，从次日开始计算（民法典第二百零一条）：等待期为 3 月 2 日至 5 月 30 日"
            "（加入日 + 90 天），自 5 月 31 日（加入日 + 91 天）起首次确诊才在保障范围内。",
            "A period counted in days starts on the day after the event (Civil Code art. 201): "
            "the waiting period runs from 2 March to 30 May (joining day + 90), and a first "
            "diagnosis is covered from 31 May (joining day + 91).",
        ),
    ),
    _q(
        "joining-waiting-diagnosis",
        "joining",
        (
            "成员在等待期内首次确诊了一种约定的大病，该怎么处理？",
            "A member is first diagnosed with a covered critical illness inside the waiting "
            "period. What follows?",
        ),
        [
            ("a", "按一半金额互助", "Half the amount is paid"),
            ("b", "不在保障范围内，不予互助", "It is not covered: no payment"),
            ("c", "等待期结束后即可申请全额互助", "Full payment once the waiting period has ended"),
            ("d", "由赔审团投票决定是否例外赔付", "The jury votes on an exception"),
        ],
        "b",
        (
            "等待期内首次确诊的疾病不在保障范围内；等待期过后确诊也不能改变首次确诊日期。",
            "An illness first diagnosed inside the waiting period is not covered; waiting for "
            "the period to end does not change the date of first diagnosis.",
        ),
    ),
    _q(
        "joining-health-declaration",
        "joining",
        (
            "某成员加入时已知自己患有某种疾病，却在健康告知中全部回答“否”。后来她就该疾病申请互助，"
            "应当如何处理？",
            "A member knew she had an illness when she joined but answered 'no' to every health "
            "declaration question. She later claims for that illness. What follows?",
        ),
        [
            ("a", "已过等待期，应当赔付", "She is past the waiting period, so she is paid"),
            (
                "b",
                "带病加入、未如实告知，是不予互助的理由",
                "Joining with an illness and not declaring it is a ground for denial",
            ),
            ("c", "按一半金额赔付", "She is paid half the amount"),
            ("d", "网络互助不看健康告知", "Online mutual aid ignores the health declaration"),
        ],
        "b",
        (
            "加入时的健康告知答案会被记录。隐瞒既往疾病（带病加入、不如实告知）是不予互助的理由。",
            "The health declaration answers are recorded at joining. Concealing a pre-existing "
            "illness (带病加入, 不如实告知) is a ground for denial.",
        ),
    ),
    _q(
        "joining-credit-score",
        "joining",
        (
            "加入互助计划原本要求芝麻信用分至少达到多少？",
            "What credit score (芝麻信用) did joining originally require, at least?",
        ),
        [
            ("a", "550 分", "550"),
            ("b", "600 分", "600"),
            ("c", "650 分", "650"),
            ("d", "不要求信用分", "No credit score was needed"),
        ],
        "c",
        (
            "原计划要求信用分不低于 650 分；本系统把门槛作为可配置的参数，在加入时核对。",
            "The original plan required a score of at least 650; this system checks it at "
            "joining against a configurable threshold.",
        ),
    ),
    _q(
        "joining-critical-illness-ages",
        "joining",
        (
            "哪些人可以加入大病互助计划？",
            "Who may join the critical-illness plan (大病互助计划)?",
        ),
        [
            ("a", "出生满 30 天至 59 周岁", "From 30 days old to age 59"),
            ("b", "仅限 18 至 59 周岁", "Only ages 18 to 59"),
            ("c", "任何年龄", "Anyone, at any age"),
            ("d", "60 至 70 周岁", "Ages 60 to 70"),
        ],
        "a",
        (
            "大病互助计划面向出生满 30 天至 59 周岁的人群；60 至 70 周岁可加入老年防癌互助计划。",
            "The critical-illness plan is for ages 30 days to 59; people aged 60 to 70 may join "
            "the senior cancer plan instead.",
        ),
    ),
    _q(
        "joining-no-upfront-payment",
        "joining",
        (
            "加入互助计划时，成员需要预先缴纳什么？",
            "What does a member pay up front to join?",
        ),
        [
            (
                "a",
                "无需预付；事后分摊每一笔审核通过的互助金",
                "Nothing: members share the cost of every approved case afterwards",
            ),
            ("b", "每年 188 元的保费", "A yearly premium of 188 CNY"),
            ("c", "一笔存入资金池的押金", "A deposit into a fund pool"),
            ("d", "预付 8% 的管理费", "An 8% management fee in advance"),
        ],
        "a",
        (
            "网络互助不是保险：免费加入，没有资金池，事后由成员分摊已审核通过的案件（后分摊）。",
            "Online mutual aid is not insurance: joining is free, there is no fund pool, and "
            "members share approved cases after the fact (后分摊).",
        ),
    ),
    _q(
        "joining-leaving",
        "joining",
        (
            "成员退出计划后，以下哪项正确？",
            "A member leaves the plan. Which is true?",
        ),
        [
            ("a", "仍可继续享受一年保障", "Coverage continues for one more year"),
            (
                "b",
                "退出后不再分摊，退出后首次确诊的疾病也不在保障范围内",
                "Shares nothing after leaving and is not covered for illnesses first "
                "diagnosed after leaving",
            ),
            ("c", "须补交 188 元的最后一笔分摊", "Must pay a final share of 188 CNY"),
            (
                "d",
                "退出后 90 天内确诊仍可申请",
                "May still claim for a diagnosis within 90 days of leaving",
            ),
        ],
        "b",
        (
            "成员可随时退出；退出后不再分摊，退出后首次确诊的疾病不在保障范围内。",
            "Members may leave at any time; after leaving they share nothing and are not "
            "covered for illnesses first diagnosed after leaving.",
        ),
    ),
    _q(
        "joining-beijing-time",
        "joining",
        (
            "计划中的日期规则（等待期、公示期、申请期限）按什么时间计算？",
            "Which clock do the plan's date rules (waiting period, public notice, deadlines) use?",
        ),
        [
            ("a", "成员所在地的当地时间", "The member's local time"),
            (
                "b",
                "北京时间，期间从事件发生的次日起算",
                "Beijing time, with periods counted from the day after the event",
            ),
            ("c", "协调世界时（UTC）", "Coordinated Universal Time (UTC)"),
            ("d", "医院所在地的时间", "The hospital's local time"),
        ],
        "b",
        (
            "所有日期规则按北京时间（Asia/Shanghai）计算，并遵循民法典第二百零一条：期间从次日起算，"
            "最后一日到 24:00 截止。",
            "Every date rule uses Beijing time (Asia/Shanghai) and Civil Code art. 201: a period "
            "starts the day after the event and its last day ends at 24:00.",
        ),
    ),
    # --- Payout rules (互助金规则) ------------------------------------------------------
    _q(
        "payout-amount-under-40",
        "payout",
        (
            "成员首次确诊约定大病时 35 周岁，大病互助计划最高可获得多少互助金？",
            "A member is 35 at the first diagnosis of a covered critical illness. What is the "
            "most the critical-illness plan pays?",
        ),
        [
            ("a", "10 万元", "100,000 CNY"),
            ("b", "30 万元", "300,000 CNY"),
            ("c", "50 万元", "500,000 CNY"),
            ("d", "视当期成员人数而定", "It depends on the number of members"),
        ],
        "b",
        (
            "确诊时 30 天至 39 周岁最高 30 万元；40 至 59 周岁最高 10 万元。",
            "Up to 300,000 CNY for ages 30 days to 39 at diagnosis; up to 100,000 CNY for ages "
            "40 to 59.",
        ),
    ),
    _q(
        "payout-age-at-diagnosis",
        "payout",
        (
            "成员 38 周岁时加入，41 周岁时首次确诊。最高互助金额是多少？",
            "A member joined at 38 and was first diagnosed at 41. What is the most the plan pays?",
        ),
        [
            ("a", "30 万元，按加入时的年龄", "300,000 CNY: the age at joining counts"),
            ("b", "10 万元，按首次确诊时的年龄", "100,000 CNY: the age at first diagnosis counts"),
            ("c", "20 万元，取两者的平均", "200,000 CNY: the average of the two"),
            ("d", "不予互助，40 周岁以上不保障", "Nothing: over 40 is not covered"),
        ],
        "b",
        (
            "金额按首次确诊之日的年龄确定：41 周岁属于 40 至 59 周岁档，最高 10 万元。",
            "The amount follows the age on the date of first diagnosis: 41 falls in the 40–59 "
            "band, up to 100,000 CNY.",
        ),
    ),
    _q(
        "payout-lump-sum",
        "payout",
        (
            "大病互助金以什么方式赔付？",
            "How is the critical-illness benefit paid?",
        ),
        [
            ("a", "按医疗费用报销", "As reimbursement of medical bills"),
            ("b", "一次性赔付约定金额", "As a one-off lump sum"),
            ("c", "按月分期赔付", "In monthly instalments"),
            ("d", "直接赔付给医院", "Directly to the hospital"),
        ],
        "b",
        (
            "大病互助金是一次性赔付（定额赔付），不是费用报销。",
            "The benefit is a one-off lump sum, not a reimbursement of costs.",
        ),
    ),
    _q(
        "payout-public-notice",
        "payout",
        (
            "审核结果何时公示、公示多久？",
            "When are decided cases published (公示), and for how long?",
        ),
        [
            ("a", "每天公示，为期 3 天", "Every day, for 3 days"),
            (
                "b",
                "每月 7 日和 21 日批量公示，公示期 7 天",
                "On the 7th and 21st of each month, for 7 days",
            ),
            ("c", "每月 1 日和 15 日公示，为期 30 天", "On the 1st and 15th, for 30 days"),
            ("d", "只有发生异议时才公示", "Only when a case is disputed"),
        ],
        "b",
        (
            "审核结果在每月 7 日和 21 日批量公示，公示期 7 天，期间成员可以提出异议。",
            "Decisions are published in batches on the 7th and 21st of each month; the notice "
            "lasts 7 days, during which members may object.",
        ),
    ),
    _q(
        "payout-tie-denies",
        "payout",
        (
            "某赔审团的有效票为 50 票支持赔付、50 票反对。结果是什么？",
            "A panel's valid votes are 50 to pay and 50 to deny. What is the outcome?",
        ),
        [
            ("a", "赔付", "Paid"),
            (
                "b",
                "不予赔付：只有超过 50% 的票支持赔付才赔付",
                "Denied: a claim is paid only if more than 50% vote to pay",
            ),
            ("c", "重新投票，直到分出胜负", "A new vote until one side wins"),
            ("d", "由工作人员决定", "Staff decide"),
        ],
        "b",
        (
            "超过 50% 的有效票支持赔付才赔付；平票即不予赔付。",
            "A claim is paid if and only if more than 50% of valid votes support payment; a tie "
            "denies.",
        ),
    ),
    _q(
        "payout-deep-coma-clause",
        "payout",
        (
            "深度昏迷的定义要求：格拉斯哥昏迷评分不超过 5 分，"
            "且持续使用呼吸机等生命维持系统至少 96 小时。"
            "证据显示生命维持仅持续了 72 小时。赔审员应如何判断？",
            "The deep-coma definition requires a Glasgow Coma Scale of at most 5 and life "
            "support used continuously for at least 96 hours. The evidence shows 72 hours of "
            "life support. How should a juror judge?",
        ),
        [
            ("a", "赔付，家庭确实困难", "Pay: the family is in real need"),
            (
                "b",
                "不予赔付：定义中有一项条件未满足",
                "Deny: a clause of the definition is not met",
            ),
            ("c", "赔付一半", "Pay half"),
            ("d", "72 小时已接近 96 小时，视为满足", "72 hours is close enough to 96"),
        ],
        "b",
        (
            "这是真实案例：赔审团多数维持不予赔付——“同情不能凌驾于条款之上，否则条款就没有意义，"
            "对其他成员也不公平”。",
            "This is a real case: the jury majority upheld the denial — 'sympathy cannot "
            "override the terms, or the terms mean nothing and it is unfair to the other "
            "members'.",
        ),
    ),
    _q(
        "payout-sharing",
        "payout",
        (
            "审核通过的互助金如何分摊？",
            "How is the cost of approved cases shared (分摊)?",
        ),
        [
            ("a", "按年龄和性别分摊，年长者多摊", "By age and sex: older members pay more"),
            (
                "b",
                "当期互助金加 8% 管理费，由当期参与分摊的全体成员平均分摊",
                "The period's amounts plus an 8% management fee, split equally among all "
                "members sharing in that period",
            ),
            ("c", "只由与申请人同城的成员分摊", "Only by members in the claimant's city"),
            ("d", "由平台全部承担", "By the platform alone"),
        ],
        "b",
        (
            "每期把审核通过的互助金加 8% 管理费，平均分摊给当期所有参与分摊的成员，不分年龄性别；"
            "每月两期。",
            "Each period the approved amounts plus an 8% management fee are split equally among "
            "all members sharing in it, regardless of age or sex; there are two periods a "
            "month.",
        ),
    ),
    _q(
        "payout-definition-version",
        "payout",
        (
            "审核申请时，适用哪个版本的重大疾病定义？",
            "Which version of the critical-illness definitions applies to a claim?",
        ),
        [
            ("a", "审核时最新的版本", "The newest version at the time of review"),
            ("b", "首次确诊之日有效的版本", "The version in force on the date of first diagnosis"),
            ("c", "成员加入之日有效的版本", "The version in force on the joining date"),
            ("d", "由申请人选择的版本", "Whichever version the claimant chooses"),
        ],
        "b",
        (
            "疾病定义是分版本的数据，申请按首次确诊之日有效的版本逐项判断。",
            "Definitions are versioned data; a claim is judged, clause by clause, against the "
            "version in force on its date of first diagnosis.",
        ),
    ),
    # --- Juror ethics (赔审员守则) -------------------------------------------------------
    _q(
        "ethics-clauses-not-sympathy",
        "ethics",
        (
            "申请人的经历令人同情，但调查员记录的事实显示定义中的一项条件未满足。什么应当决定您的投票？",
            "The claimant's story is moving, but the investigator's facts show that a clause of "
            "the definition is not met. What should decide your vote?",
        ),
        [
            ("a", "对申请人的同情", "Sympathy for the claimant"),
            (
                "b",
                "依据证据，逐项判断定义的每个条件是否满足",
                "Whether each clause of the definition is met, on the evidence",
            ),
            ("c", "申请人的家庭收入", "The claimant's household income"),
            ("d", "其他赔审员的倾向", "How other jurors seem to lean"),
        ],
        "b",
        (
            "赔审员按定义的条款逐项判断，而不是凭感觉投票；同情不能凌驾于条款之上，否则对其他成员不公平。",
            "Jurors judge clause by clause against the definition, not from feeling; sympathy "
            "cannot override the terms, or it is unfair to the other members.",
        ),
    ),
    _q(
        "ethics-secrecy",
        "ethics",
        (
            "赔审团投票尚未结束时，您可以公开自己的投票，或打听别人怎么投吗？",
            "While a panel is open, may you reveal your vote or ask others how they voted?",
        ),
        [
            ("a", "可以发到社交媒体上", "Yes, on social media"),
            ("b", "不可以：投票在赔审团结束前保密", "No: votes are secret until the panel closes"),
            ("c", "只能告诉家人", "Only to family"),
            ("d", "只要不提申请人姓名就可以", "Yes, as long as the claimant is not named"),
        ],
        "b",
        (
            "投票在截止前保密，任何人（包括工作人员）都看不到实时票数，以免从众；结束后才公布计票结果。",
            "Votes stay secret until the deadline: nobody, staff included, sees a running "
            "count, so nobody follows the crowd; the tally is published after the panel closes.",
        ),
    ),
    _q(
        "ethics-conflict-of-interest",
        "ethics",
        (
            "您发现某案件的申请人是您的表哥。您应该怎么做？",
            "You realise the claimant in a case is your cousin. What should you do?",
        ),
        [
            ("a", "投赔付票", "Vote to pay"),
            ("b", "投不予赔付票，以示公正", "Vote to deny, to look fair"),
            (
                "c",
                "放弃该席位：赔审员不审理自己或亲属的案件",
                "Decline the seat: no juror sits on a case of their own or a relative's",
            ),
            ("d", "照常投票，不告诉任何人", "Vote anyway and tell nobody"),
        ],
        "c",
        (
            "存在利益冲突时应当回避。抽选已排除申请人、登记的亲属、调查员和复核员，但登记之外的关系"
            "要靠您主动放弃席位。",
            "Step aside when there is a conflict of interest. The draw already excludes the "
            "claimant, recorded relatives, the investigator and the reviewer; a tie the records "
            "miss is yours to declare by declining the seat.",
        ),
    ),
    _q(
        "ethics-privacy",
        "ethics",
        (
            "案件材料中包含医疗文件。您可以如何使用这些材料？",
            "The case file contains medical documents. What may you do with them?",
        ),
        [
            ("a", "截图分享，让更多人评判", "Share screenshots so more people can judge"),
            (
                "b",
                "只用于审理本案，不复制、不外传",
                "Use them only to judge this case; never copy or disclose them",
            ),
            ("c", "联系医院核实", "Call the hospital to check them"),
            ("d", "联系申请人询问详情", "Contact the claimant for details"),
        ],
        "b",
        (
            "案件材料已匿名化，仅供审理使用；复制或外传会损害成员权益，可导致取消资格。",
            "The case file is anonymised and for judging only; copying or disclosing it harms "
            "members and can lead to disqualification.",
        ),
    ),
    _q(
        "ethics-verdict-against-clauses",
        "ethics",
        (
            "您判断定义的每项条件都已满足，却想投“不予赔付”。会怎样？",
            "You found every clause of the definition met, but you want to vote to deny. What "
            "happens?",
        ),
        [
            ("a", "选票作废", "The ballot is void"),
            (
                "b",
                "允许，但必须书面说明理由并确认",
                "It is allowed, but you must confirm it with a written reason",
            ),
            ("c", "这张票计两票", "The ballot counts twice"),
            ("d", "系统禁止这样投票", "The system forbids it"),
        ],
        "b",
        (
            "结论与自己的逐项判断相矛盾是允许的，但必须确认并写明理由；理由会匿名公布。",
            "A verdict that contradicts your own clause answers is allowed, but must be "
            "confirmed with a written reason; reasons are published anonymised.",
        ),
    ),
    _q(
        "ethics-one-appeal",
        "ethics",
        (
            "计票结果公布后，败诉一方可以申诉几次？",
            "After the tally, how many times may the losing side appeal?",
        ),
        [
            ("a", "不能申诉", "Never"),
            (
                "b",
                "一次：7 天内提出新证据，由未参加首轮的赔审员组成新的赔审团审理，结果为终局",
                "Once, within 7 days and with new evidence, heard by a fresh panel of jurors "
                "who did not sit on the first; its result is final",
            ),
            ("c", "不限次数", "As often as they like"),
            ("d", "两次", "Twice"),
        ],
        "b",
        (
            "计票后 7 天内可以申诉一次，由 2n+1 名未参加首轮的赔审员重新审理，结果为终局。",
            "One appeal within 7 days of the tally, heard by a fresh panel of 2n+1 jurors who "
            "did not sit on the first; its result is final.",
        ),
    ),
    _q(
        "ethics-contact",
        "ethics",
        (
            "申请人私下联系您，请您投赔付票。您应该怎么做？",
            "The claimant contacts you privately and asks for your vote. What do you do?",
        ),
        [
            ("a", "私下回复，了解更多情况", "Reply privately to learn more"),
            (
                "b",
                "不回应，只依据案件材料判断，并向平台报告",
                "Do not engage; judge on the case file only, and report the contact",
            ),
            ("c", "直接向申请人索要更多证据", "Ask the claimant for more evidence directly"),
            ("d", "出于善意投赔付票", "Vote to pay, to be kind"),
        ],
        "b",
        (
            "赔审员只依据案件材料和证据判断；私下接触会破坏公正和保密，应当报告。",
            "Jurors judge on the case file and its evidence alone; private contact undermines "
            "fairness and secrecy and should be reported.",
        ),
    ),
    _q(
        "ethics-no-time",
        "ethics",
        (
            "您被抽中参加一个赔审团，但在截止前没有时间认真阅读案件。您应该怎么做？",
            "You are drawn onto a panel but have no time to study the case before the "
            "deadline. What should you do?",
        ),
        [
            ("a", "随便投一票", "Vote at random"),
            (
                "b",
                "及时放弃席位，以便补选其他赔审员",
                "Decline the seat promptly so that another juror can be drawn in time",
            ),
            ("c", "照抄别人的投票", "Copy someone else's vote"),
            ("d", "置之不理", "Ignore it"),
        ],
        "b",
        (
            "放弃的席位会在截止前从候选人中补选；连续多次缺席的赔审员会被暂停，以保证赔审团达到法定人数。",
            "A declined seat is topped up from the pool while time remains; jurors who miss "
            "several panels in a row are paused so that panels keep their quorum.",
        ),
    ),
]


def exam_bank_problems(questions: list[dict[str, Any]] = QUESTIONS) -> list[str]:
    """What is wrong with a bank, if anything: counts per topic, choices, answer keys."""
    problems = []
    codes = [q["code"] for q in questions]
    if len(codes) != len(set(codes)):
        problems.append("duplicate codes")
    for topic in TOPICS:
        if sum(q["topic"] == topic for q in questions) < 8:
            problems.append(f"fewer than 8 questions on {topic}")
    for q in questions:
        keys = [c["key"] for c in q["choices"]]
        if not 3 <= len(keys) <= 4 or len(keys) != len(set(keys)):
            problems.append(f"{q['code']}: needs 3–4 distinct choices")
        if q["answer"] not in keys:
            problems.append(f"{q['code']}: the answer is not a choice")
        texts = [q["text_zh"], q["text_en"], q["explanation_zh"], q["explanation_en"]]
        texts += [c[lang] for c in q["choices"] for lang in ("zh", "en")]
        if not all(t.strip() for t in texts):
            problems.append(f"{q['code']}: a text is empty")
    return problems


def exam_bank_load(question_model, questions: list[dict[str, Any]] = QUESTIONS) -> int:
    """Create or update the bank's questions by code (the migration passes its model)."""
    for q in questions:
        fields = {k: v for k, v in q.items() if k != "code"}
        question_model.objects.update_or_create(code=q["code"], defaults=fields)
    return len(questions)
