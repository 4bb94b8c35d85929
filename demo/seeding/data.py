"""The demo data's tables: staff logins, names, cities, hospitals, diagnoses, and the
states the crowd's claims are taken to."""

STAFF = [
    ("admin", "admin12345", None, True),
    ("investigator", "investigator12345", "investigator", False),
    ("reviewer", "reviewer12345", "reviewer", False),
    ("finance", "finance12345", "finance", False),
    # Announcing a shutdown takes two operators: one proposes, the other confirms.
    ("operator", "operator12345", "operator", False),
    ("operator2", "operator212345", "operator", False),
]
CLAIMANT = ("demo", "demo12345")
JUROR = ("juror", "juror12345")
DEMO_JURORS = 30  # with the demo juror: a full 31-seat panel for the disputed claim
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂英",
    "建华",
    "晓燕",
    "志强",
]
CITIES = ["杭州", "上海", "北京", "成都", "武汉", "广州", "西安", "南京", "长沙", "郑州"]
HOSPITALS = [
    "浙江大学医学院附属第一医院",
    "复旦大学附属中山医院",
    "北京协和医院",
    "四川大学华西医院",
    "华中科技大学同济医学院附属同济医院",
]
DIAGNOSES = {
    "malignant_tumour": "右肺上叶腺癌（病理确诊，pT2aN1M0）",
    "acute_myocardial_infarction": "急性前壁ST段抬高型心肌梗死，肌钙蛋白升高超过参考上限15倍",
    "stroke_sequelae": "脑梗死后遗症，左侧肢体肌力2级",
    "deep_coma": "重型颅脑损伤后昏迷，GCS评分4分",
    "chronic_kidney_failure": "慢性肾脏病5期，规律血液透析",
    "aplastic_anaemia": "重型再生障碍性贫血，中性粒细胞0.3×10⁹/L",
    "organ_transplant": "肝移植术后",
}
PLAN_STATES = [
    "filed",
    "filed_assigned",
    "filed_ready",
    "investigated",
    "publicised_open",
    "publicised_payable",
    "disputed",
    "jury_voted",
    "jury_settled",
    "paid",
    "paid",
    "denied",
    "denied_by_jury",
    "withdrawn",
]
OPEN_NOTICE = ("publicised_open", "disputed")  # in the latest batch, under notice now
CONDITIONS = [
    "malignant_tumour",
    "acute_myocardial_infarction",
    "stroke_sequelae",
    "deep_coma",
    "chronic_kidney_failure",
]
DECLARATION = {
    "serious_illness_history": False,
    "current_treatment": False,
    "abnormal_results": False,
}
