using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Siprec.Audio;
using Siprec.Media.Codecs;
using Siprec.Media.Dtmf;
using Siprec.Media.Pipeline;
using Siprec.Media.Rtcp;
using Siprec.Media.Rtp;
using Siprec.Media.Srtp;
using Siprec.Media.Timeline;
using Siprec.Media.Transport;

namespace Siprec.Media.Engine;

// Over 400 lines on purpose: this is the per-packet path, and its parts (SRTP unprotect under the one lock, the SSRC
// lock, sequence and jitter, decode into the grow-only scratch, the gate and the timeline write) share that scratch,
// the payload slots and the stream's counters field by field. Split into types, each packet would cross objects that
// must then share mutable state; kept whole, the path stays one readable, allocation-free sequence.

/// <summary>
/// Receives one stream: each RTP datagram the pump delivers runs unprotect → parse → SSRC/sequence checks → decode →
/// gate → timeline with no per-packet allocation; RTCP datagrams update the sender reports.
/// Control calls only flip flags the receive path reads.
/// </summary>
internal sealed partial class RtpStreamReceiver : IDatagramHandler, IAsyncDisposable
{
    private const int ComfortNoisePayloadType = 13;

    private readonly int _index;
    private readonly int _localPort;
    private readonly MediaStreamDescription _description;
    private readonly SessionTimelineBuffer _timeline;
    private readonly IStreamAudioSink? _sink;
    private readonly IMediaGate _gate;
    private readonly TimeProvider _time;
    private readonly long _sessionStartTicks;
    private readonly Action<DtmfEvent> _onDtmf;
    private readonly Action<DtmfActivity> _onDtmfActivity;
    private readonly InBandDtmfDetector? _tones;
    private readonly ILogger _logger;
    private readonly PayloadSlot?[] _slots;
    private readonly RtpSequenceTracker _sequence;
    private readonly RtpJitterEstimator _jitter = new();
    private readonly SsrcLock _ssrcLock;
    private readonly StreamTimeline _streamTimeline;
    private readonly DtmfEventTracker _dtmf = new();
    private readonly object _reportsLock = new();

    // The SRTP context is not thread-safe and is shared by the RTP and RTCP handlers, which may run on different receive
    // threads; the lock is rarely contended since RTCP is a few packets per second.
    private readonly object _srtpLock = new();
    private readonly Dictionary<uint, RtcpSenderReport> _senderReports = [];
    private readonly SenderClockReference _senderClock;
    private readonly IDatagramPump _pump;
    private RtcpSenderReport _pendingReport;
    private volatile bool _reportPending;
    private int _senderClockCorrections;
    private short[] _pcm = [];
    private short[] _converted = [];
    private IAsyncDisposable? _rtp;
    private IAsyncDisposable? _rtcp;
    private SocketAddress? _source;
    private volatile IPEndPoint? _remoteEndPoint;
    private volatile uint[] _ssrcsSeen = [];
    private volatile string? _codec;
    private volatile bool _inactive;
    private volatile bool _resetOnNextPacket;
    private int _jitterClockRate = 8000;
    private long _lastPacketTicks;
    private long _datagrams;
    private long _bytes;
    private long _received;
    private long _late;
    private long _duplicate;
    private long _malformed;
    private long _foreign;
    private long _undecodable;
    private long _authFailures;
    private long _comfortNoise;
    private long _dtmfEvents;
    private long _rtcpPackets;

    public RtpStreamReceiver(
        int index,
        MediaStreamDescription description,
        MediaSessionOptions options,
        SessionTimelineBuffer timeline,
        IMediaGate gate,
        IStreamAudioSink? sink,
        TimeProvider time,
        DateTimeOffset sessionStart,
        SenderClockReference senderClock,
        IDatagramPump pump,
        Action<DtmfEvent> onDtmf,
        Action<DtmfActivity> onDtmfActivity,
        ILogger logger)
    {
        _pump = pump;
        _senderClock = senderClock;
        _index = index;
        _description = description;
        _localPort = description.Ports.RtpPort;
        _timeline = timeline;
        _gate = gate;
        _sink = sink;
        _time = time;
        _sessionStartTicks = sessionStart.UtcTicks;
        _onDtmf = onDtmf;
        _onDtmfActivity = onDtmfActivity;
        _tones = options.DetectInBandDtmf ? new InBandDtmfDetector() : null;
        _logger = logger;
        _sequence = new RtpSequenceTracker(options.ReorderWindowPackets);
        _ssrcLock = new SsrcLock(options.SsrcSwitchPackets);
        _streamTimeline = new StreamTimeline(timeline.SampleRate, options.MaxDrift);

        // Indexed by payload type, but only up to the highest one offered: a G.711 stream needs one entry, not 128,
        // which matters for the many sessions that are answered and never sent a packet.
        _slots = new PayloadSlot?[description.AudioFormats.Select(f => f.PayloadType + 1).DefaultIfEmpty(0).Max()];
        try
        {
            foreach (RtpAudioFormat format in description.AudioFormats)
            {
                IAudioDecoder decoder = format.CreateDecoder();
                var resampler = new PcmResampler(decoder.SampleRate, timeline.SampleRate);
                var slot = new PayloadSlot(format, decoder, resampler, (int)Math.Round(resampler.DelayInOutputSamples));
                _slots[format.PayloadType]?.Decoder.Dispose();
                _slots[format.PayloadType] = slot;
            }
        }
        catch
        {
            DisposeDecoders();
            throw;
        }
    }

    public MediaStreamDescription Description => _description;

    public long LastPacketTicks => Volatile.Read(ref _lastPacketTicks);

    public void Start()
    {
        _rtp = _pump.Subscribe(_description.Ports.RtpSocket, this);
        _rtcp = _pump.Subscribe(_description.Ports.RtcpSocket, new RtcpHandler(this));
    }

    public void RequestRelock() => _ssrcLock.RequestRelock();

    public void SetInactive(bool inactive)
    {
        if (_inactive && !inactive)
            _resetOnNextPacket = true;
        _inactive = inactive;
    }

    public RtpStreamStats Snapshot()
    {
        long last = LastPacketTicks;
        RtcpSenderReport? report = null;
        uint[] seen = _ssrcsSeen;
        if (seen.Length > 0)
        {
            lock (_reportsLock)
            {
                if (_senderReports.TryGetValue(seen[^1], out RtcpSenderReport found))
                    report = found;
            }
        }

        return new RtpStreamStats
        {
            StreamIndex = _index,
            Label = _description.Label,
            LocalPort = _localPort,
            Datagrams = Volatile.Read(ref _datagrams),
            Bytes = Volatile.Read(ref _bytes),
            PacketsReceived = Volatile.Read(ref _received),
            PacketsLost = _sequence.Lost,
            PacketsLate = Volatile.Read(ref _late),
            PacketsDuplicate = Volatile.Read(ref _duplicate),
            PacketsMalformed = Volatile.Read(ref _malformed),
            PacketsForeignSsrc = Volatile.Read(ref _foreign),
            PacketsUndecodable = Volatile.Read(ref _undecodable),
            SrtpAuthFailures = Volatile.Read(ref _authFailures),
            ComfortNoisePackets = Volatile.Read(ref _comfortNoise),
            DtmfEvents = Volatile.Read(ref _dtmfEvents),
            RtcpPackets = Volatile.Read(ref _rtcpPackets),
            Jitter = TimeSpan.FromTicks((long)(_jitter.Jitter * TimeSpan.TicksPerSecond / _jitterClockRate)),
            TimelineResyncs = _streamTimeline.Resyncs,
            SenderClockCorrections = Volatile.Read(ref _senderClockCorrections),
            SsrcsSeen = seen,
            Codec = _codec,
            RemoteEndPoint = _remoteEndPoint,
            LastPacketAt = last == 0 ? null : new DateTimeOffset(last, TimeSpan.Zero),
            LastSenderReport = report,
            Inactive = _inactive,
        };
    }

    /// <summary>The counters that feed process-wide totals, read without allocating.</summary>
    public RtpReceptionTotals Totals() => new(
        Volatile.Read(ref _received),
        Volatile.Read(ref _bytes),
        _sequence.Lost,
        Volatile.Read(ref _late),
        Volatile.Read(ref _authFailures));

    /// <summary>Stops reception on both sockets and disposes the decoders; the caller owns the port lease.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_rtp is not null)
            await _rtp.DisposeAsync().ConfigureAwait(false);
        if (_rtcp is not null)
            await _rtcp.DisposeAsync().ConfigureAwait(false);
        DisposeDecoders();
    }

    void IDatagramHandler.OnDatagram(Span<byte> datagram, SocketAddress from)
    {
        try
        {
            OnRtp(datagram, from);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One bad datagram (or a faulty sink) must not end the stream's reception.
            Log.DatagramFailed(_logger, _description.Label, e);
        }
    }

    internal void OnRtp(Span<byte> datagram, SocketAddress from)
    {
        long now = _time.GetUtcNow().UtcTicks;
        Volatile.Write(ref _lastPacketTicks, now);
        // One thread at a time delivers a socket's datagrams, so plain writes suffice; readers use Volatile.Read.
        Volatile.Write(ref _datagrams, _datagrams + 1);
        Volatile.Write(ref _bytes, _bytes + datagram.Length);
        if (_inactive)
            return;

        int length = datagram.Length;
        if (_description.Srtp is { } srtp)
        {
            bool authentic;
            lock (_srtpLock)
                authentic = srtp.TryUnprotectRtp(datagram, out length);
            if (!authentic)
            {
                _authFailures++;
                return;
            }
        }

        if (RtpPacket.TryParse(datagram[..length], out RtpPacket packet) != RtpParseError.None)
        {
            _malformed++;
            return;
        }

        if (!AcceptSource(packet.Ssrc))
            return;

        switch (_sequence.Observe(packet.SequenceNumber))
        {
            case SequenceVerdict.Duplicate:
                _duplicate++;
                return;
            case SequenceVerdict.Late:
                _late++;
                return;
            case SequenceVerdict.Reordered:
                _received++;
                Place(packet, now, isNewest: false);
                break;
            default:
                _received++;
                Place(packet, now, isNewest: true);
                break;
        }

        LearnSource(from);
    }

    private bool AcceptSource(uint ssrc)
    {
        if (_resetOnNextPacket)
        {
            _resetOnNextPacket = false;
            _streamTimeline.Reset();
        }

        SsrcVerdict verdict = _ssrcLock.Observe(ssrc);
        if (verdict == SsrcVerdict.Reject)
        {
            _foreign++;
            return false;
        }

        if (verdict == SsrcVerdict.Relocked)
        {
            bool first = _ssrcsSeen.Length == 0;
            _sequence.Reset();
            _jitter.Reset();
            _streamTimeline.Reset();
            _ssrcsSeen = [.. _ssrcsSeen, ssrc];
            if (!first)
                Log.SsrcChanged(_logger, _description.Label, ssrc);
        }

        return true;
    }

    private void Place(RtpPacket packet, long now, bool isNewest)
    {
        long arrival = (now - _sessionStartTicks) * _timeline.SampleRate / TimeSpan.TicksPerSecond;
        int resyncs = _streamTimeline.Resyncs;
        if (_description.TelephoneEvent is { } telephoneEvent && packet.PayloadType == telephoneEvent.PayloadType)
        {
            // Events share the audio's timestamp space but must not re-anchor it (their clock rate may be declared differently).
            long position = _streamTimeline.Place(packet.Timestamp, telephoneEvent.ClockRate, arrival, isNewest: false);
            OnTelephoneEvent(packet, telephoneEvent.ClockRate, position);
        }
        else if (packet.PayloadType == ComfortNoisePayloadType)
        {
            _comfortNoise++;
            _streamTimeline.Place(packet.Timestamp, _jitterClockRate, arrival, isNewest: false);
        }
        else if (packet.PayloadType < _slots.Length && _slots[packet.PayloadType] is { } slot)
        {
            int clockRate = slot.Format.ClockRate;
            _jitterClockRate = clockRate;
            _jitter.Observe((now - _sessionStartTicks) * clockRate / TimeSpan.TicksPerSecond, packet.Timestamp);
            long position = _streamTimeline.Place(packet.Timestamp, clockRate, arrival, isNewest);
            if (_reportPending && isNewest)
                position += AlignToSenderClock(packet.Ssrc);
            Decode(slot, packet.Payload, position);
        }
        else
        {
            _undecodable++;
        }

        if (_streamTimeline.Resyncs != resyncs)
            Log.TimelineResync(_logger, _description.Label, packet.SequenceNumber, _streamTimeline.Resyncs);
    }

    private long AlignToSenderClock(uint ssrc)
    {
        RtcpSenderReport report;
        lock (_reportsLock)
        {
            report = _pendingReport;
            _reportPending = false;
        }

        if (report.Ssrc != ssrc || _streamTimeline.PositionOf(report.RtpTimestamp) is not long reportPosition)
            return 0;
        long sessionTicks = reportPosition * TimeSpan.TicksPerSecond / _timeline.SampleRate;
        long ntpTicks = report.NtpTime.UtcTicks - _sessionStartTicks;
        TimeSpan correction = _senderClock.Align(sessionTicks - ntpTicks);
        if (correction == TimeSpan.Zero)
            return 0;
        long samples = correction.Ticks * _timeline.SampleRate / TimeSpan.TicksPerSecond;
        _streamTimeline.Shift(samples);
        _senderClockCorrections++;
        Log.SenderClockAligned(_logger, _description.Label, correction.TotalMilliseconds);
        return samples;
    }

    private void Decode(PayloadSlot slot, ReadOnlySpan<byte> payload, long position)
    {
        // Scratch grows to the largest packet seen instead of the largest possible one: most streams never need more than 20 ms.
        int room = slot.Decoder.MaxSamplesFor(payload.Length);
        if (_pcm.Length < room)
            _pcm = new short[room];
        int decoded;
        try
        {
            decoded = slot.Decoder.Decode(payload, _pcm);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _undecodable++;
            return;
        }

        if (!ReferenceEquals(_codec, slot.Format.EncodingName))
            _codec = slot.Format.EncodingName;
        int convertedRoom = slot.Resampler.MaxOutputFor(decoded);
        if (_converted.Length < convertedRoom)
            _converted = new short[convertedRoom];
        int count = slot.Resampler.Process(_pcm.AsSpan(0, decoded), _converted);
        ReadOnlySpan<short> audio = _converted.AsSpan(0, count);

        // Tones are looked for before the audio passes the gate, so that a digit found here closes it for this very packet.
        if (_tones is not null && slot.Decoder.SampleRate == InBandDtmfDetector.SampleRate)
            DetectTones(_tones, _pcm.AsSpan(0, decoded), position);

        // The resampler's output lags its input by its filter delay; placing it earlier keeps the channel aligned.
        position -= slot.ResamplerDelay;
        TimelineWriteResult result = _timeline.Write(_index, position, audio);
        // Past the buffer's reach ahead of the writer is late too: only a writer held up (a stalled process draining its
        // socket backlog) leaves packets there, since a stream running ahead of arrival re-anchors first.
        if (count > 0 && result.LateSamples + result.OverrunSamples == count)
            _late++;
        if (_sink is not null && _gate.Current.TranscriptionOpen)
            _sink.OnAudio(_index, audio, _timeline.SampleRate, position);
    }

    private void DetectTones(InBandDtmfDetector tones, ReadOnlySpan<short> pcm, long position)
    {
        Span<DtmfToneChange> changes = stackalloc DtmfToneChange[8];
        while (!pcm.IsEmpty)
        {
            ReadOnlySpan<short> chunk = pcm[..Math.Min(pcm.Length, 3 * InBandDtmfDetector.BlockSamples)];
            long first = tones.SamplesSeen;
            int count = tones.Process(chunk, changes);
            foreach (DtmfToneChange change in changes[..count])
            {
                long at = position + ((change.SampleIndex - first) * _timeline.SampleRate / InBandDtmfDetector.SampleRate);
                var kind = change.Started ? DtmfActivityKind.Started : DtmfActivityKind.Ended;
                _onDtmfActivity(new DtmfActivity(_index, TimeSpan.FromTicks(Math.Max(0, at) * TimeSpan.TicksPerSecond / _timeline.SampleRate), kind, DtmfSignal.InBand));
            }

            position += chunk.Length * _timeline.SampleRate / InBandDtmfDetector.SampleRate;
            pcm = pcm[chunk.Length..];
        }
    }

    private void OnTelephoneEvent(RtpPacket packet, int clockRate, long position)
    {
        if (!TelephoneEvent.TryRead(packet.Payload, out TelephoneEvent payload))
        {
            _undecodable++;
            return;
        }

        TimeSpan start = TimeSpan.FromTicks(position * TimeSpan.TicksPerSecond / _timeline.SampleRate);
        var kind = _dtmf.Starts(packet.Timestamp) ? DtmfActivityKind.Started : DtmfActivityKind.Continuing;
        _onDtmfActivity(new DtmfActivity(_index, start, payload.IsEnd ? DtmfActivityKind.Ended : kind, DtmfSignal.TelephoneEvent));
        if (_dtmf.Observe(packet.Timestamp, payload, start, clockRate, _index, out DtmfEvent completed))
        {
            _dtmfEvents++;
            _onDtmf(completed);
        }
    }

    private void OnRtcp(Span<byte> datagram)
    {
        _rtcpPackets++;
        if (_description.Srtp is { } srtp)
        {
            bool authentic;
            int length;
            lock (_srtpLock)
                authentic = srtp.TryUnprotectRtcp(datagram, out length);
            if (!authentic)
                return;
            datagram = datagram[..length];
        }

        Span<RtcpSenderReport> reports = stackalloc RtcpSenderReport[4];
        int count = RtcpCompoundReader.ReadSenderReports(datagram, reports);
        if (count <= 0)
            return;
        lock (_reportsLock)
        {
            foreach (RtcpSenderReport report in reports[..count])
            {
                _senderReports[report.Ssrc] = report;
                _pendingReport = report;
                _reportPending = true;
            }
        }
    }

    private void LearnSource(SocketAddress from)
    {
        if (_source is not null && _source.Equals(from))
            return;
        var copy = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span.CopyTo(copy.Buffer.Span);
        _source = copy;
        _remoteEndPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(copy);
    }

    private void DisposeDecoders()
    {
        foreach (PayloadSlot? slot in _slots)
            slot?.Decoder.Dispose();
    }

    private sealed class RtcpHandler(RtpStreamReceiver receiver) : IDatagramHandler
    {
        public void OnDatagram(Span<byte> datagram, SocketAddress from)
        {
            try
            {
                receiver.OnRtcp(datagram);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.DatagramFailed(receiver._logger, receiver._description.Label, e);
            }
        }
    }

    private sealed record PayloadSlot(RtpAudioFormat Format, IAudioDecoder Decoder, PcmResampler Resampler, int ResamplerDelay);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Label} switched to SSRC {Ssrc}")]
        public static partial void SsrcChanged(ILogger logger, string label, uint ssrc);

        [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Label} timeline re-anchored at sequence {Sequence} (resync {Count})")]
        public static partial void TimelineResync(ILogger logger, string label, ushort sequence, int count);

        [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Label} shifted by {Milliseconds} ms to align with the sender's clock")]
        public static partial void SenderClockAligned(ILogger logger, string label, double milliseconds);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Label} dropped a datagram after an unexpected error")]
        public static partial void DatagramFailed(ILogger logger, string label, Exception exception);
    }
}
