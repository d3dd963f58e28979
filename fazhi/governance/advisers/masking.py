"""The licence number of a 律师执业证 or 公职律师证 where it is not needed: the first 4 digits (the
issuing 司法行政机关's region) and the last 4 kept, as the kernel keeps an ID number's
(fazhi.core.masking.mask_id_number); a number of another shape is masked whole. Idempotent."""

from fazhi.core.masking import MASK


def mask_licence(value) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) < 12:
        return MASK * len(text)
    return text[:4] + MASK * (len(text) - 8) + text[-4:]
