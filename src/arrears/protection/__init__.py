"""Protection of personal data: encryption at rest, keyed lookup hashes, masking.

National ids, phone numbers, e-mail addresses and street addresses are the most sensitive
values Arrears holds. They are stored only as AES-GCM ciphertext (with the id of the key
that sealed them, so keys can rotate) and found, where lookup is needed, through a keyed
hash that reveals nothing without the key. Screens show masked forms.
"""
