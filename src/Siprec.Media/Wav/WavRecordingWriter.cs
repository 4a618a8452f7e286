using Siprec.Media.AtRest;

namespace Siprec.Media.Wav;

/// <summary>
/// The recording of one session: one interleaved WAV with a channel per stream in m-line order, plus optional
/// mono files, one per channel. Same crash-safety as <see cref="WavFileWriter"/>. Plain files are written without a
/// buffer of their own, so each <see cref="Write"/> reaches them at once: the caller writes in batches. Not thread-safe.
/// </summary>
public sealed class WavRecordingWriter : IDisposable
{
    private const int EncryptedBufferBytes = 16 * 1024;

    private readonly WavFileWriter _mixed;
    private readonly WavFileWriter[] _mono;
    private short[] _scratch = [];

    /// <summary>
    /// Creates the files; <paramref name="monoPaths"/>, when given, holds one path per channel. With
    /// <paramref name="keys"/>, every file is written encrypted, each under its own data key.
    /// </summary>
    public WavRecordingWriter(string path, int channels, int sampleRate, IReadOnlyList<string>? monoPaths = null, IRecordingKeyProvider? keys = null)
    {
        if (monoPaths is not null && monoPaths.Count != channels)
            throw new ArgumentException($"Expected {channels} mono file paths, got {monoPaths.Count}.", nameof(monoPaths));
        // An encrypted file keeps its buffer: each flush is one sealed chunk, and small chunks would cost space and CPU.
        int bufferBytes = keys is null ? 0 : EncryptedBufferBytes;
        _mixed = WavFileWriter.Create(path, channels, sampleRate, bufferBytes, keys);
        _mono = new WavFileWriter[monoPaths?.Count ?? 0];
        try
        {
            for (int c = 0; c < _mono.Length; c++)
                _mono[c] = WavFileWriter.Create(monoPaths![c], 1, sampleRate, bufferBytes, keys);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Channel count.</summary>
    public int Channels => _mixed.Channels;

    /// <summary>Frames written so far.</summary>
    public long FramesWritten => _mixed.FramesWritten;

    /// <summary>Appends interleaved frames to the main file and each channel to its mono file.</summary>
    public void Write(ReadOnlySpan<short> interleaved)
    {
        _mixed.Write(interleaved);
        if (_mono.Length == 0)
            return;
        int frames = interleaved.Length / Channels;
        if (_scratch.Length < frames)
            _scratch = new short[frames];
        for (int c = 0; c < _mono.Length; c++)
        {
            for (int i = 0; i < frames; i++)
                _scratch[i] = interleaved[(i * Channels) + c];
            _mono[c].Write(_scratch.AsSpan(0, frames));
        }
    }

    /// <summary>Hands data to the OS and updates every header.</summary>
    public void Checkpoint()
    {
        _mixed.Checkpoint();
        foreach (WavFileWriter mono in _mono)
            mono.Checkpoint();
    }

    /// <summary>Final headers, sync and close.</summary>
    public void Complete()
    {
        _mixed.Complete();
        foreach (WavFileWriter mono in _mono)
            mono.Complete();
    }

    /// <summary>After a failed write: closes every file with its header covering the whole frames that reached it.</summary>
    public void Salvage()
    {
        _mixed.Salvage();
        foreach (WavFileWriter mono in _mono)
            mono.Salvage();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _mixed.Dispose();
        foreach (WavFileWriter? mono in _mono)
            mono?.Dispose();
    }
}
