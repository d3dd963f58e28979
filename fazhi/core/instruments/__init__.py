"""文书 and attachments: the written instruments a procedure's steps produce, and the evidence and
papers attached to a record.

A procedure declares its kinds of instrument (`Kind`: 补正通知书, 受理通知书 …) with a default
text; a step of its transition table names the kind it issues (`Step(instrument=…)`) and, where
the law runs a period from the addressee's receipt, the step that records the 送达 names the kind
it serves (`Step(serves=…)`). The kernel issues the instrument inside the step's own transaction
(numbered 〔年〕号 per government, kind and year; its text filled in from the government's template
and frozen), records its 送达, and prints it in official form (DOCX by GB/T 9704, and PDF).
Coordinators edit their government's templates; attachments are stored with their SHA-256 and
size, visible to whoever may see the record.
"""
