using System.Buffers;
using Siprec.Media.AtRest;

namespace Siprec.Media.Wav;

/// <summary>
/// The recording of one session: one interleaved WAV with a channel per stream in m-line order, plus optional
/// mono files, one per channel. Same crash-safety as <see cref="WavFileWriter"/>. Not thread-safe.
/// </summary>
public sealed class WavRecordingWriter : IDisposable
{
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
        _mixed = WavFileWriter.Create(path, channels, sampleRate, keys: keys);
        _mono = new WavFileWriter[monoPaths?.Count ?? 0];
        try
        {
            for (int c = 0; c < _mono.Length; c++)
                _mono[c] = WavFileWriter.Create(monoPaths![c], 1, sampleRate, keys: keys);
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

    /// <summary>True once any file took its write buffer (see <see cref="WavFileWriter.HoldsBuffer"/>).</summary>
    public bool HoldsBuffer => _mixed.HoldsBuffer || _mono.Any(m => m.HoldsBuffer);

    /// <summary>Appends interleaved frames to the main file and each channel to its mono file.</summary>
    public void Write(ReadOnlySpan<short> interleaved)
    {
        _mixed.Write(interleaved);
        if (_mono.Length == 0)
            return;
        int frames = interleaved.Length / Channels;
        if (_scratch.Length < frames)
            _scratch = new short[frames];
        WriteMono(interleaved, _scratch.AsSpan(0, frames), through: false);
    }

    /// <summary>Like <see cref="Write"/>, but straight to the files without taking their write buffers (<see cref="WavFileWriter.WriteThrough"/>).</summary>
    public void WriteThrough(ReadOnlySpan<short> interleaved)
    {
        _mixed.WriteThrough(interleaved);
        if (_mono.Length == 0)
            return;
        int frames = interleaved.Length / Channels;
        short[] scratch = ArrayPool<short>.Shared.Rent(frames);
        try
        {
            WriteMono(interleaved, scratch.AsSpan(0, frames), through: true);
        }
        finally
        {
            ArrayPool<short>.Shared.Return(scratch);
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

    private void WriteMono(ReadOnlySpan<short> interleaved, Span<short> scratch, bool through)
    {
        for (int c = 0; c < _mono.Length; c++)
        {
            for (int i = 0; i < scratch.Length; i++)
                scratch[i] = interleaved[(i * Channels) + c];
            if (through)
                _mono[c].WriteThrough(scratch);
            else
                _mono[c].Write(scratch);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _mixed.Dispose();
        foreach (WavFileWriter? mono in _mono)
            mono?.Dispose();
    }
}
