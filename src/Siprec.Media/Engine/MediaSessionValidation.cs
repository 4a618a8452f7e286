namespace Siprec.Media.Engine;

/// <summary>The checks a <see cref="MediaSession"/> makes of its options and of each stream before it opens anything.</summary>
internal static class MediaSessionValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> for options or streams a session cannot record with.</summary>
    public static void Validate(MediaSessionOptions options, IReadOnlyList<MediaStreamDescription> streams)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.RecordingPath, nameof(options));
        if (options.SampleRate is not (8000 or 16000))
            throw new ArgumentException($"Recording sample rate {options.SampleRate} is not supported; use 8000 or 16000.", nameof(options));
        int channels = options.ChannelCount ?? streams.Count;
        if (channels < 1 || channels < streams.Count)
            throw new ArgumentException($"A recording of {streams.Count} streams needs at least that many channels (got {channels}).", nameof(options));
        if (options.JitterDelay < TimeSpan.Zero || options.JitterDelay >= options.BufferCapacity - options.MaxDrift)
            throw new ArgumentException("JitterDelay must be non-negative and leave room for MaxDrift within BufferCapacity.", nameof(options));
        if (options.ReorderWindowPackets is < 0 or > 63)
            throw new ArgumentException("ReorderWindowPackets must be between 0 and 63.", nameof(options));
        foreach (MediaStreamDescription stream in streams)
            ValidateStream(stream, nameof(streams));
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a stream a session cannot receive.</summary>
    public static void ValidateStream(MediaStreamDescription stream, string parameter)
    {
        if (stream.Ports.IsDisposed)
            throw new ArgumentException($"Stream '{stream.Label}' has a released port lease.", parameter);
        foreach (RtpAudioFormat format in stream.AudioFormats)
        {
            if (format.PayloadType is < 0 or > 127 || format.ClockRate < 1)
                throw new ArgumentException($"Stream '{stream.Label}': payload type {format.PayloadType} at {format.ClockRate} Hz is invalid.", parameter);
        }

        if (stream.TelephoneEvent is { } te && (te.PayloadType is < 0 or > 127 || te.ClockRate < 1))
            throw new ArgumentException($"Stream '{stream.Label}': telephone-event payload type {te.PayloadType} is invalid.", parameter);
    }
}
