#!/bin/bash
# Generates the loopback traffic of the sample captures (run while tcpdump or dumpcap records lo or any).
python3 -m http.server 18081 --bind 127.0.0.1 >/dev/null 2>&1 & H4=$!
python3 -m http.server 18082 --bind ::1 >/dev/null 2>&1 & H6=$!
python3 -c '
import socket
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",15353)); s.settimeout(3)
try:
  d,a=s.recvfrom(100); s.sendto(b"pong",a)
except Exception: pass' & U=$!
sleep 1.5
curl -s -o /dev/null http://127.0.0.1:18081/ 
curl -s -o /dev/null "http://[::1]:18082/"
curl -s -o /dev/null http://127.0.0.1:18081/ 
python3 -c '
import socket
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.settimeout(1); s.sendto(b"ping",("127.0.0.1",15353))
try: s.recvfrom(100)
except Exception: pass
s.sendto(b"x",("127.0.0.1",15354))
s6=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM); s6.sendto(b"y",("::1",15355))
'
curl -s -o /dev/null http://127.0.0.1:18099/ 
ping -c 2 -i 0.2 127.0.0.1 >/dev/null 2>&1
ping -6 -c 1 ::1 >/dev/null 2>&1
sleep 0.5
kill $H4 $H6 $U 2>/dev/null; wait 2>/dev/null
