from ninja import Router

prefix = "/proposals"
router = Router(tags=["建议提案"])
