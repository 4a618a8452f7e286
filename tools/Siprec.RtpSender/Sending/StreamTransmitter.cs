using System.Net;
using System.Net.Sockets;
using Siprec.Media.Codecs;
using Siprec.Media.Srtp;

namespace Siprec.RtpSender.Sending;

/// <summary>One stream's sending state: a connected UDP socket, reusable packet buffers and RTP counters.</summary>
internal sealed class StreamTransmitter : IDisposable
{
    private const int SourceRate = 8000;
    private const int EndPacketRepeats = 3;

    private readonly RtpStreamPlan _plan;
    private readonly TimeSpan _packetTime;
    private readonly Random _random;
    private readonly Socket _socket;
    private readonly PayloadEncoder _encoder;
    private readonly SrtpContext? _srtp;
    private readonly int _payloadType;
    private readonly int _packetSamples;
    private readonly byte[] _packet;
    private readonly byte[] _held;
    private readonly short[] _silence;
    private readonly int _maxDatagram;
    private readonly List<uint> _ssrcs = [];
    private int _heldLength;
    private int _position;
    private ushort _sequence;
    private uint _timestamp;
    private uint _ssrc;
    private bool _markerPending;
    private bool _ssrcChanged;
    private int _dtmfIndex;
    private uint _eventTimestamp;
    private bool _eventStarted;
    private int _datagrams;
    private int _audioPackets;
    private int _dropped;
    private int _duplicated;
    private int _reordered;
    private int _eventPackets;
    private long _firstSendTimestamp;

    public StreamTransmitter(RtpStreamPlan plan, TimeSpan packetTime, Random random, AudioCodecRegistry codecs)
    {
        _plan = plan;
        _packetTime = packetTime;
        _random = random;
        _packetSamples = (int)(SourceRate * packetTime.TotalSeconds);
        _encoder = PayloadEncoder.Create(plan.Codec, packetTime, codecs);
        _srtp = plan.Srtp?.CreateContext();
        _payloadType = plan.PayloadType ?? _encoder.DefaultPayloadType;
        _maxDatagram = RtpHeader.Size + Math.Max(_encoder.MaxPayloadBytes, TelephoneEvent.Size) + (_srtp?.RtpOverhead ?? 0);
        _packet = new byte[_maxDatagram];
        _held = new byte[_maxDatagram];
        _silence = new short[_packetSamples];
        _ssrc = plan.Ssrc ?? (uint)random.NextInt64(1, uint.MaxValue);
        _sequence = (ushort)random.Next(0, ushort.MaxValue);
        _timestamp = (uint)random.NextInt64(0, uint.MaxValue);
        _markerPending = plan.MarkFirstPacket;
        _ssrcs.Add(_ssrc);
        _socket = new Socket(plan.Destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var local = IPAddress.IsLoopback(plan.Destination.Address)
            ? plan.Destination.Address
            : plan.Destination.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        _socket.Bind(new IPEndPoint(local, 0));
        _socket.Connect(plan.Destination);
    }

    public bool Finished { get; private set; }

    /// <summary>Local address the stream sends from.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Sends what is due at <paramref name="elapsed"/> since the plan start: at most one packet's worth.</summary>
    public void OnTick(TimeSpan elapsed)
    {
        if (Finished || elapsed < _plan.LateStart)
            return;
        var local = elapsed - _plan.LateStart;
        if (_position >= _plan.Samples.Length || (_plan.StopAfter is { } stop && local >= stop))
        {
            Finish();
            return;
        }
        if (!_ssrcChanged && _plan.SsrcChange is { } change && local >= change.At)
        {
            _ssrcChanged = true;
            _ssrc = change.NewSsrc;
            _sequence = (ushort)_random.Next(0, ushort.MaxValue);
            _timestamp = (uint)_random.NextInt64(0, uint.MaxValue);
            _markerPending = _plan.MarkFirstPacket;
            _ssrcs.Add(_ssrc);
        }
        if (!TrySendEvent(local))
            SendAudio();
        _position += _packetSamples;
        _timestamp += (uint)_encoder.TimestampStep;
    }

    /// <summary>Sends a packet still held back for reordering, and stops the stream.</summary>
    public void Finish()
    {
        if (Finished)
            return;
        Finished = true;
        if (_heldLength > 0)
            Send(_held.AsSpan(0, _heldLength));
        _heldLength = 0;
    }

    public RtpStreamReport Report() =>
        new(_datagrams, _audioPackets, _dropped, _duplicated, _reordered, _eventPackets, _ssrcs.ToArray(), _firstSendTimestamp);

    public void Dispose()
    {
        _socket.Dispose();
        _encoder.Dispose();
        _srtp?.Dispose();
    }

    private bool TrySendEvent(TimeSpan local)
    {
        if (_dtmfIndex >= _plan.DtmfEvents.Count)
            return false;
        var dtmf = _plan.DtmfEvents[_dtmfIndex];
        if (local < dtmf.At)
            return false;
        if (!_eventStarted)
        {
            _eventStarted = true;
            _eventTimestamp = _timestamp;
        }
        var elapsedInEvent = local - dtmf.At + _packetTime;
        var ended = elapsedInEvent >= dtmf.Duration;
        var duration = (ushort)Math.Min(ushort.MaxValue, (ended ? dtmf.Duration : elapsedInEvent).TotalSeconds * _encoder.ClockRate);
        var marker = elapsedInEvent == _packetTime;
        var telephoneEvent = new TelephoneEvent(dtmf.Event, ended, Volume: 10, duration);
        var repeats = ended ? EndPacketRepeats : 1;
        RtpHeader.Write(_packet, marker, _plan.TelephoneEventPayloadType, _sequence, _eventTimestamp, _ssrc);
        telephoneEvent.TryWrite(_packet.AsSpan(RtpHeader.Size));
        var length = Protect(RtpHeader.Size + TelephoneEvent.Size);
        // RFC 4733 section 2.5.1.4: the end packet is repeated with the same sequence number.
        for (var i = 0; i < repeats; i++)
        {
            Send(_packet.AsSpan(0, length));
            _eventPackets++;
        }
        _sequence++;
        if (ended)
        {
            _dtmfIndex++;
            _eventStarted = false;
        }
        return true;
    }

    private void SendAudio()
    {
        var remaining = _plan.Samples.Length - _position;
        var take = Math.Min(remaining, _packetSamples);
        var payload = _packet.AsSpan(RtpHeader.Size, _encoder.MaxPayloadBytes);
        int payloadLength;
        if (take == _packetSamples)
        {
            payloadLength = _encoder.Encode(_plan.Samples.AsSpan(_position, take), payload);
        }
        else
        {
            // The last packet is padded with silence so every packet carries one packet time.
            _plan.Samples.AsSpan(_position, take).CopyTo(_silence);
            _silence.AsSpan(take).Clear();
            payloadLength = _encoder.Encode(_silence, payload);
            _silence.AsSpan().Clear();
        }
        RtpHeader.Write(_packet, _markerPending, _payloadType, _sequence, _timestamp, _ssrc);
        _markerPending = false;
        _sequence++;
        _audioPackets++;
        if (Chance(_plan.LossPercent))
        {
            _dropped++;
            return;
        }
        var packet = _packet.AsSpan(0, Protect(RtpHeader.Size + payloadLength));
        if (_heldLength == 0 && Chance(_plan.ReorderPercent))
        {
            packet.CopyTo(_held);
            _heldLength = packet.Length;
            _reordered++;
            return;
        }
        Send(packet);
        if (Chance(_plan.DuplicatePercent))
        {
            Send(packet);
            _duplicated++;
        }
        if (_heldLength > 0)
        {
            Send(_held.AsSpan(0, _heldLength));
            _heldLength = 0;
        }
    }

    /// <summary>Encrypts the packet in place when the stream is SRTP and returns its length on the wire.</summary>
    private int Protect(int length) => _srtp is null ? length : _srtp.ProtectRtp(_packet.AsSpan(0, _maxDatagram), length);

    private bool Chance(double percent) => percent > 0 && _random.NextDouble() * 100 < percent;

    private void Send(ReadOnlySpan<byte> datagram)
    {
        if (_datagrams == 0)
            _firstSendTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _socket.Send(datagram);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            // An ICMP port-unreachable for an earlier datagram; nobody listening is the receiver's problem.
        }
        _datagrams++;
    }
}
