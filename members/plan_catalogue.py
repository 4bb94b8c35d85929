"""The four plans of DOMAIN.md section 2, as seed data (loaded by a data migration).

Covered conditions are a placeholder list of codes and names until the versioned
definitions (issue 3) replace them. Amounts other than the critical-illness plan's
are [product] configuration, not seed facts.
"""

SEVERE = [
    ("malignant_tumour", "恶性肿瘤——重度", "Malignant tumour (severe)"),
    ("acute_myocardial_infarction", "较重急性心肌梗死", "Severe acute myocardial infarction"),
    ("stroke_sequelae", "严重脑中风后遗症", "Severe stroke sequelae"),
    ("organ_transplant", "重大器官移植术或造血干细胞移植术", "Major organ or stem cell transplant"),
    ("coronary_bypass", "冠状动脉搭桥术", "Coronary artery bypass surgery"),
    ("chronic_kidney_failure", "严重慢性肾衰竭", "Severe chronic kidney failure"),
    ("loss_of_limbs", "多个肢体缺失", "Loss of two or more limbs"),
    ("severe_hepatitis", "急性重症肝炎或亚急性重症肝炎", "Acute or subacute severe hepatitis"),
    ("benign_brain_tumour", "严重非恶性颅内肿瘤", "Severe benign intracranial tumour"),
    ("chronic_liver_failure", "严重慢性肝衰竭", "Severe chronic liver failure"),
    (
        "encephalitis_sequelae",
        "严重脑炎后遗症或严重脑膜炎后遗症",
        "Severe encephalitis or meningitis sequelae",
    ),
    ("deep_coma", "深度昏迷", "Deep coma"),
    ("deafness", "双耳失聪", "Deafness of both ears"),
    ("blindness", "双目失明", "Blindness of both eyes"),
    ("paralysis", "瘫痪", "Paralysis"),
    ("heart_valve_surgery", "心脏瓣膜手术", "Heart valve surgery"),
    ("alzheimers", "严重阿尔茨海默病", "Severe Alzheimer's disease"),
    ("brain_injury", "严重脑损伤", "Severe brain injury"),
    ("parkinsons", "严重原发性帕金森病", "Severe primary Parkinson's disease"),
    ("third_degree_burns", "严重Ⅲ度烧伤", "Severe third-degree burns"),
    (
        "pulmonary_hypertension",
        "严重特发性肺动脉高压",
        "Severe idiopathic pulmonary arterial hypertension",
    ),
    ("motor_neurone_disease", "严重运动神经元病", "Severe motor neurone disease"),
    ("loss_of_speech", "语言能力丧失", "Loss of speech"),
    ("aplastic_anaemia", "重型再生障碍性贫血", "Severe aplastic anaemia"),
    ("aortic_surgery", "主动脉手术", "Aortic surgery"),
    ("respiratory_failure", "严重慢性呼吸衰竭", "Severe chronic respiratory failure"),
    ("crohns_disease", "严重克罗恩病", "Severe Crohn's disease"),
    ("ulcerative_colitis", "严重溃疡性结肠炎", "Severe ulcerative colitis"),
]
MILD = [
    ("malignant_tumour_mild", "恶性肿瘤——轻度", "Malignant tumour (mild)"),
    ("myocardial_infarction_mild", "较轻急性心肌梗死", "Milder acute myocardial infarction"),
    ("stroke_sequelae_mild", "轻度脑中风后遗症", "Mild stroke sequelae"),
]
CANCER = [SEVERE[0], MILD[0]]
ACCIDENT = [
    ("transport_accident_death", "公共交通意外身故", "Death in a public-transport accident"),
    (
        "transport_accident_disability",
        "公共交通意外伤残",
        "Disability from a public-transport accident",
    ),
]
DECLARATION = ["serious_illness_history", "current_treatment", "abnormal_results"]


PLANS = [
    {
        "code": "critical-illness",
        "name_zh": "大病互助计划",
        "name_en": "Critical illness mutual aid",
        "kind": "critical_illness",
        "min_join_age_days": 30,
        "max_join_age_years": 59,
        "waiting_days": 90,
        "declaration_questions": DECLARATION,
        "bands": [(0, 39, "300000.00"), (40, 59, "100000.00")],
    },
    {
        "code": "senior-cancer",
        "name_zh": "老年防癌互助计划",
        "name_en": "Cancer mutual aid for seniors",
        "kind": "cancer",
        "min_join_age_years": 60,
        "max_join_age_years": 70,
        "waiting_days": 90,
        "declaration_questions": DECLARATION,
        "bands": [(60, 80, "100000.00")],
    },
    {
        "code": "chronic-cancer",
        "name_zh": "慢性病人群防癌计划",
        "name_en": "Cancer mutual aid for people with chronic disease",
        "kind": "cancer",
        "min_join_age_days": 30,
        "max_join_age_years": 70,
        "waiting_days": 90,
        "declaration_questions": ["current_treatment_for_cancer"],
        "bands": [(0, 39, "100000.00"), (40, 80, "50000.00")],
    },
    {
        "code": "transport-accident",
        "name_zh": "公共交通意外互助计划",
        "name_en": "Public-transport accident mutual aid",
        "kind": "accident",
        "min_join_age_days": 30,
        "max_join_age_years": 65,
        "waiting_days": 90,
        "declaration_questions": [],
        "bands": [(0, 80, "100000.00")],
    },
]
