from ninja import Router

prefix = "/litigation"
router = Router(tags=["行政应诉"])
