"""Writes a line, then a capture-mode message with Supervisor's childutils.pcomm, then another line; then waits."""
import sys
import time

from supervisor import childutils

sys.stdout.write('before\n')
sys.stdout.flush()
# pcomm.stdout() writes the bytes tokens to the text stream and fails on Python 3; send() to the byte stream works
childutils.pcomm.send(b'captured message', sys.stdout.buffer)
sys.stdout.write('after the message, long enough to pass the token length\n')
sys.stdout.flush()
time.sleep(3600)
