"""A clearly fictional body for generated 評価書: 架空市 (「架空」 = fictional) in no real prefecture.

Tests that need documents with invented facts use these spec overrides instead of the
default spec's real city, so no real body is shown with facts it never published:

    pdf, truth = generate("kiso", **fictional_body())
"""

from __future__ import annotations


def fictional_body(name: str = "架空市") -> dict:
    return {
        "municipality": name,
        "prefecture": None,
        "code": None,
        "organization": f"{name}長",
        "department": f"{name}保健福祉局保険年金課",
        "claim_to": f"〒000-0000 {name}中央区一丁目1番1号 {name}情報公開室",
        "contact": f"〒000-0000 {name}中央区一丁目1番1号 {name}保健福祉局保険年金課 000-000-0000",
        "third_party": f"{name}個人情報保護審査会による第三者点検を実施。",
    }
