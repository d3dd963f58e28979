from ninja import Router

prefix = "/letters"
router = Router(tags=["信箱"])
