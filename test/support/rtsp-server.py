"""A password-protected RTSP test source for the camera tests (test-only).

GStreamer's RTSP server (Debian: gir1.2-gst-rtsp-server-1.0, python3-gi, gstreamer1.0-plugins-ugly
for x264enc) serving a moving test picture as H.264 at rtsp://127.0.0.1:<port>/cam, PLAY allowed
only with HTTP basic credentials <user>:<password>, as an IP camera does.

usage: rtsp-server.py <port> <user> <password>   (port 0: any free one; prints "ready <port>" once it listens)
"""
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
port, user, password = sys.argv[1], sys.argv[2], sys.argv[3]

server = GstRtspServer.RTSPServer()
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    '( videotestsrc is-live=true pattern=ball ! video/x-raw,width=1280,height=720,framerate=25/1 '
    '! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! rtph264pay name=pay0 pt=96 )'
)
factory.set_shared(False)

auth = GstRtspServer.RTSPAuth()
token = GstRtspServer.RTSPToken()
token.set_string('media.factory.role', 'viewer')
auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
server.set_auth(auth)
permissions = GstRtspServer.RTSPPermissions()
permissions.add_permission_for_role('viewer', 'media.factory.access', True)
permissions.add_permission_for_role('viewer', 'media.factory.construct', True)
factory.set_permissions(permissions)

server.get_mount_points().add_factory('/cam', factory)
server.attach(None)
print('ready', server.get_bound_port(), flush=True)
GLib.MainLoop().run()
