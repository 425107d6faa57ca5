"""Receiving filled formulir (SOP steps 5-6): the identity a formulir carries, the file gate, reading and recording."""
