from ninja import Router

prefix = "/mediation"
router = Router(tags=["调解"])
