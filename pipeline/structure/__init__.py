"""Structure: header metadata, participants, agenda, speaker turns and notes."""
