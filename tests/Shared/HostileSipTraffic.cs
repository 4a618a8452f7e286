using System.Globalization;
using System.Text;

namespace Siprec.Tests.Shared;

/// <summary>
/// A seeded source of hostile SIP datagrams for a server on 127.0.0.1: SIPREC INVITEs (multipart SDP + RFC 7865
/// metadata) with random byte changes, truncations, duplicated slices or garbage headers, random bytes, and every
/// <c>halfValidEvery</c>-th datagram a well-formed INVITE whose answer the sender never acknowledges. The same seed
/// gives the same sequence.
/// </summary>
public sealed class HostileSipTraffic
{
    private const string Boundary = "hostile-boundary";

    private readonly Random _random;
    private readonly string _serverPort;
    private readonly string _localPort;
    private readonly int _halfValidEvery;
    private long _sequence;

    /// <summary>Datagrams for the server at 127.0.0.1:<paramref name="serverPort"/> sent from <paramref name="localPort"/>.</summary>
    public HostileSipTraffic(int seed, int serverPort, int localPort, int halfValidEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(halfValidEvery, 1);
        _random = new Random(seed);
        _serverPort = serverPort.ToString(CultureInfo.InvariantCulture);
        _localPort = localPort.ToString(CultureInfo.InvariantCulture);
        _halfValidEvery = halfValidEvery;
    }

    /// <summary>Well-formed INVITEs handed out so far (never acknowledged, never followed by RTP).</summary>
    public long HalfValidInvites { get; private set; }

    /// <summary>The next datagram.</summary>
    public byte[] Next()
    {
        var sequence = ++_sequence;
        var invite = Invite(sequence);
        if (sequence % _halfValidEvery == 0)
        {
            HalfValidInvites++;
            return invite;
        }
        return _random.Next(5) switch
        {
            0 => ChangeBytes(invite),
            1 => invite[..(1 + _random.Next(invite.Length - 1))],
            2 => DuplicateSlice(invite),
            3 => GarbageHeader(invite),
            _ => RandomBytes(),
        };
    }

    /// <summary>The Call-ID of datagram <paramref name="sequence"/>; half-valid ones start with "half-".</summary>
    public static string CallId(long sequence, bool halfValid) =>
        (halfValid ? "half-" : "hostile-") + sequence.ToString(CultureInfo.InvariantCulture) + "@hostile.invalid";

    private byte[] ChangeBytes(byte[] invite)
    {
        var changes = 1 + _random.Next(16);
        for (var i = 0; i < changes; i++)
            invite[_random.Next(invite.Length)] = (byte)_random.Next(256);
        return invite;
    }

    private byte[] DuplicateSlice(byte[] invite)
    {
        var start = _random.Next(invite.Length);
        var length = 1 + _random.Next(Math.Min(400, invite.Length - start));
        var at = _random.Next(invite.Length);
        return [.. invite.AsSpan(0, at), .. invite.AsSpan(start, length), .. invite.AsSpan(at)];
    }

    private byte[] GarbageHeader(byte[] invite)
    {
        // After the request line: the parser meets the garbage before any header it knows.
        var at = invite.AsSpan().IndexOf("\r\n"u8) + 2;
        var header = _random.Next(4) switch
        {
            0 => "Content-Length: " + _random.Next(100_000).ToString(CultureInfo.InvariantCulture) + "\r\n",
            1 => "CSeq: " + _random.Next().ToString(CultureInfo.InvariantCulture) + " BYE\r\n",
            2 => "X-" + Printable(8) + ": " + Printable(1 + _random.Next(2000)) + "\r\n",
            _ => Printable(1 + _random.Next(200)) + "\r\n",
        };
        return [.. invite.AsSpan(0, at), .. Encoding.ASCII.GetBytes(header), .. invite.AsSpan(at)];
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[1 + _random.Next(1400)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string Printable(int length)
    {
        var text = new char[length];
        for (var i = 0; i < length; i++)
            text[i] = (char)_random.Next(0x21, 0x7F);
        return new string(text);
    }

    private byte[] Invite(long sequence)
    {
        var callId = CallId(sequence, sequence % _halfValidEvery == 0);
        var tag = _random.Next().ToString("x8", CultureInfo.InvariantCulture);
        var sid = Convert.ToBase64String(BitConverter.GetBytes(sequence).Concat(new byte[8]).ToArray());
        var body = new StringBuilder()
            .Append("--").Append(Boundary).Append("\r\nContent-Type: application/sdp\r\n\r\n")
            .Append("v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=SIPREC\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n")
            .Append("m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=label:1\r\na=sendonly\r\n")
            .Append("m=audio 11 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=label:2\r\na=sendonly\r\n")
            .Append("--").Append(Boundary).Append("\r\nContent-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\n\r\n")
            .Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\">")
            .Append("<datamode>complete</datamode><session session_id=\"").Append(sid).Append("\"/>")
            .Append("<participant participant_id=\"cGFydGljaXBhbnQtYQ==\"><nameID aor=\"sip:a@example.com\"/></participant>")
            .Append("<participant participant_id=\"cGFydGljaXBhbnQtYg==\"><nameID aor=\"sip:b@example.com\"/></participant>")
            .Append("<stream stream_id=\"c3RyZWFtLW9uZQ==\" session_id=\"").Append(sid).Append("\"><label>1</label></stream>")
            .Append("<stream stream_id=\"c3RyZWFtLXR3bw==\" session_id=\"").Append(sid).Append("\"><label>2</label></stream>")
            .Append("</recording>\r\n--").Append(Boundary).Append("--\r\n")
            .ToString();
        var text = new StringBuilder()
            .Append("INVITE sip:srs@127.0.0.1:").Append(_serverPort).Append(" SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 127.0.0.1:").Append(_localPort).Append(";branch=z9hG4bK-").Append(tag).Append('-').Append(sequence.ToString(CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: <sip:src@127.0.0.1:").Append(_localPort).Append(">;tag=").Append(tag).Append("\r\n")
            .Append("To: <sip:srs@127.0.0.1:").Append(_serverPort).Append(">\r\n")
            .Append("Call-ID: ").Append(callId).Append("\r\n")
            .Append("CSeq: 1 INVITE\r\n")
            .Append("Contact: <sip:src@127.0.0.1:").Append(_localPort).Append(">;+sip.src\r\n")
            .Append("Require: siprec\r\n")
            .Append("Content-Type: multipart/mixed;boundary=").Append(Boundary).Append("\r\n")
            .Append("Content-Length: ").Append(Encoding.ASCII.GetByteCount(body).ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n")
            .Append(body)
            .ToString();
        return Encoding.ASCII.GetBytes(text);
    }
}
