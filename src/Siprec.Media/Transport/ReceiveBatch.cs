using System.Runtime.InteropServices;
using static Siprec.Media.Transport.LinuxSocketInterop;

namespace Siprec.Media.Transport;

/// <summary>The native buffers of one <c>recvmmsg</c> call: message headers, one iovec, one data buffer and one address per slot.</summary>
internal sealed unsafe class ReceiveBatch : IDisposable
{
    private readonly int _count;
    private readonly uint _addressBytes;
    private readonly byte* _memory;
    private readonly MMsgHdr* _messages;
    private int _used;

    public ReceiveBatch(int count, int datagramBytes, int addressBytes)
    {
        _count = count;
        _addressBytes = (uint)addressBytes;
        nuint headers = (nuint)(count * sizeof(MMsgHdr));
        nuint vectors = (nuint)(count * sizeof(IoVec));
        _memory = (byte*)NativeMemory.AllocZeroed(headers + vectors + (nuint)(count * (addressBytes + datagramBytes)));
        _messages = (MMsgHdr*)_memory;
        IoVec* iov = (IoVec*)(_memory + headers);
        byte* addresses = _memory + headers + vectors;
        byte* data = addresses + (count * addressBytes);
        for (int k = 0; k < count; k++)
        {
            _messages[k].Header.NameLength = _addressBytes;
            iov[k].Base = data + (k * datagramBytes);
            iov[k].Length = (nuint)datagramBytes;
            _messages[k].Header.Iov = &iov[k];
            _messages[k].Header.IovLength = 1;
            _messages[k].Header.Name = addresses + (k * addressBytes);
        }
    }

    /// <summary>Slots in one call.</summary>
    public int Count => _count;

    /// <summary>Restores the in/out fields the kernel overwrote in the previous call and returns the message array.</summary>
    public MMsgHdr* Reset()
    {
        for (int k = 0; k < _used; k++)
        {
            _messages[k].Header.NameLength = _addressBytes;
            _messages[k].Header.Flags = 0;
        }

        _used = 0;
        return _messages;
    }

    /// <summary>Records how many slots the kernel filled, so that the next reset touches only those.</summary>
    public void Filled(int count) => _used = count;

    public void Dispose() => NativeMemory.Free(_memory);
}
