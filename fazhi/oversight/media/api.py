from ninja import Router

prefix = "/media"
router = Router(tags=["政务新媒体"])
