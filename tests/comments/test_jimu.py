from normalize.jimu import canonical_jimu, jimu_key


def test_spellings_of_one_jimu_share_a_key():
    forms = ["国民健康保険事務", "国民健康保険に関する事務", "国民健康保険に係る事務", "国民健康保険の事務"]
    assert {canonical_jimu(f) for f in forms} == {"国民健康保険に関する事務"}
    assert {jimu_key(f) for f in forms} == {"国民健康保険"}
    assert jimu_key("住民基本台帳に関する事務") != jimu_key("国民健康保険事務")
    assert canonical_jimu(None) is None
    # 関係事務 is a connector too, not part of the name
    assert canonical_jimu("後期高齢者医療制度関係事務") == "後期高齢者医療制度に関する事務"
    assert jimu_key("後期高齢者医療制度関係事務") == jimu_key("後期高齢者医療制度に関する事務")
