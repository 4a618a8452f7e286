using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Siprec.Media.Codecs;

/// <summary>
/// The native libopus, bound at run time so a missing library is a reported condition rather than a crash.
/// Creates <see cref="OpusDecoder"/> and <see cref="OpusEncoder"/> instances; the library stays loaded for the process.
/// </summary>
public sealed unsafe class OpusCodec
{
    /// <summary>The library name probed by default (Debian package libopus0).</summary>
    public const string DefaultLibraryName = "libopus.so.0";

    private readonly delegate* unmanaged<int, int, int*, nint> _decoderCreate;
    private readonly delegate* unmanaged<nint, byte*, int, short*, int, int, int> _decode;
    private readonly delegate* unmanaged<nint, void> _decoderDestroy;
    private readonly delegate* unmanaged<int, int, int, int*, nint> _encoderCreate;
    private readonly delegate* unmanaged<nint, short*, int, byte*, int, int> _encode;
    private readonly delegate* unmanaged<nint, void> _encoderDestroy;
    private readonly delegate* unmanaged<int, sbyte*> _strerror;

    private OpusCodec(nint library)
    {
        _decoderCreate = (delegate* unmanaged<int, int, int*, nint>)NativeLibrary.GetExport(library, "opus_decoder_create");
        _decode = (delegate* unmanaged<nint, byte*, int, short*, int, int, int>)NativeLibrary.GetExport(library, "opus_decode");
        _decoderDestroy = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "opus_decoder_destroy");
        _encoderCreate = (delegate* unmanaged<int, int, int, int*, nint>)NativeLibrary.GetExport(library, "opus_encoder_create");
        _encode = (delegate* unmanaged<nint, short*, int, byte*, int, int>)NativeLibrary.GetExport(library, "opus_encode");
        _encoderDestroy = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "opus_encoder_destroy");
        _strerror = (delegate* unmanaged<int, sbyte*>)NativeLibrary.GetExport(library, "opus_strerror");
    }

    /// <summary>Loads <paramref name="libraryName"/>, or returns false with a reason such as "codec unavailable: libopus.so.0 not found".</summary>
    public static bool TryLoad(string libraryName, [NotNullWhen(true)] out OpusCodec? codec, [NotNullWhen(false)] out string? reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryName);
        codec = null;
        if (!NativeLibrary.TryLoad(libraryName, out var library))
        {
            reason = $"codec unavailable: {libraryName} not found";
            return false;
        }

        try
        {
            codec = new OpusCodec(library);
            reason = null;
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            NativeLibrary.Free(library);
            reason = $"codec unavailable: {libraryName} does not export the Opus decoder API";
            return false;
        }
    }

    /// <summary>Creates a mono decoder at 48000 Hz for one stream.</summary>
    public OpusDecoder CreateDecoder()
    {
        int error;
        var state = _decoderCreate(OpusDecoder.DecodedSampleRate, 1, &error);
        return state == 0 || error != 0
            ? throw new InvalidOperationException($"opus_decoder_create failed: {ErrorText(error)}.")
            : new OpusDecoder(this, state);
    }

    /// <summary>Creates a mono VoIP encoder at 48000 Hz for one stream.</summary>
    public OpusEncoder CreateEncoder()
    {
        const int ApplicationVoip = 2048;
        int error;
        var state = _encoderCreate(OpusDecoder.DecodedSampleRate, 1, ApplicationVoip, &error);
        return state == 0 || error != 0
            ? throw new InvalidOperationException($"opus_encoder_create failed: {ErrorText(error)}.")
            : new OpusEncoder(this, state);
    }

    internal int Decode(nint state, ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        fixed (byte* data = payload)
        fixed (short* output = pcm)
        {
            return _decode(state, data, payload.Length, output, pcm.Length, 0);
        }
    }

    internal int Encode(nint state, ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        fixed (short* input = pcm)
        fixed (byte* data = payload)
        {
            return _encode(state, input, pcm.Length, data, payload.Length);
        }
    }

    internal void DestroyDecoder(nint state) => _decoderDestroy(state);

    internal void DestroyEncoder(nint state) => _encoderDestroy(state);

    internal string ErrorText(int error) => Marshal.PtrToStringUTF8((nint)_strerror(error)) ?? $"error {error}";
}
