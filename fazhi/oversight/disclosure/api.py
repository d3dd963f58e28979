from ninja import Router

prefix = "/disclosure"
router = Router(tags=["依申请公开"])
