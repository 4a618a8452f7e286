using Siprec.Media.Codecs;

namespace Siprec.RtpSender.Sending;

/// <summary>Sends the streams of an <see cref="RtpSendPlan"/> as paced RTP (or SRTP) over UDP, one datagram per stream per packet time.</summary>
public sealed class RtpStreamSender(TimeProvider timeProvider, AudioCodecRegistry codecs)
{
    /// <summary>A sender paced by the system clock, with the default codec registry (Opus from libopus when present).</summary>
    public RtpStreamSender()
        : this(TimeProvider.System)
    {
    }

    /// <summary>A sender paced by <paramref name="timeProvider"/>, with the default codec registry.</summary>
    public RtpStreamSender(TimeProvider timeProvider)
        : this(timeProvider, new AudioCodecRegistry())
    {
    }

    /// <summary>
    /// Sends until every stream has finished, the plan's MaxDuration passes, or cancellation; never throws on cancellation.
    /// Throws <see cref="ArgumentException"/> for an invalid plan and <see cref="NotSupportedException"/> when a codec cannot be sent.
    /// </summary>
    public async Task<RtpSendReport> SendAsync(RtpSendPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.PacketTime < TimeSpan.FromMilliseconds(10) || plan.PacketTime > TimeSpan.FromMilliseconds(60))
            throw new ArgumentException($"packet time {plan.PacketTime.TotalMilliseconds} ms is outside 10..60 ms", nameof(plan));
        foreach (var stream in plan.Streams)
            Validate(stream);

        var random = new Random(plan.Seed);
        var transmitters = new List<StreamTransmitter>(plan.Streams.Count);
        try
        {
            foreach (var stream in plan.Streams)
                transmitters.Add(new StreamTransmitter(stream, plan.PacketTime, random, codecs));
            var cancelled = await RunAsync(plan, transmitters, cancellationToken).ConfigureAwait(false);
            foreach (var transmitter in transmitters)
                transmitter.Finish();
            return new RtpSendReport(transmitters.Select(t => t.Report()).ToArray(), cancelled);
        }
        finally
        {
            foreach (var transmitter in transmitters)
                transmitter.Dispose();
        }
    }

    private async Task<bool> RunAsync(RtpSendPlan plan, List<StreamTransmitter> transmitters, CancellationToken cancellationToken)
    {
        var start = timeProvider.GetTimestamp();
        for (var tick = 0L; transmitters.Exists(t => !t.Finished); tick++)
        {
            // Each tick is due at a fixed offset from the start, so pacing never accumulates drift.
            var due = plan.PacketTime * tick;
            if (due > plan.MaxDuration)
                break;
            var wait = due - timeProvider.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return true;
                }
            }
            foreach (var transmitter in transmitters)
                transmitter.OnTick(due);
        }
        return cancellationToken.IsCancellationRequested;
    }

    private static void Validate(RtpStreamPlan stream)
    {
        ArgumentNullException.ThrowIfNull(stream.Destination);
        ArgumentNullException.ThrowIfNull(stream.Samples);
        if (!Enum.IsDefined(stream.Codec))
            throw new ArgumentException($"codec {stream.Codec} is not one the sender knows", nameof(stream));
        foreach (var (name, value) in new[] { ("loss", stream.LossPercent), ("reorder", stream.ReorderPercent), ("duplicate", stream.DuplicatePercent) })
        {
            if (value is < 0 or > 100 || double.IsNaN(value))
                throw new ArgumentException($"{name} percentage {value} is outside 0..100", nameof(stream));
        }
        if (stream.LateStart < TimeSpan.Zero)
            throw new ArgumentException($"late start {stream.LateStart} is negative", nameof(stream));
        if (stream.StopAfter < TimeSpan.Zero)
            throw new ArgumentException($"stop-after {stream.StopAfter} is negative", nameof(stream));
        if (stream.PayloadType is < 0 or > 127 || stream.TelephoneEventPayloadType is < 0 or > 127)
            throw new ArgumentException("payload types must be within 0..127", nameof(stream));
    }
}
