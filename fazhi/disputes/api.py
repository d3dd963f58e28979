from ninja import Router

router = Router(tags=["行政复议"])
