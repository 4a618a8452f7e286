using System.Runtime.InteropServices;

namespace Siprec.Media.Transport;

/// <summary>The io_uring system calls and structures of the uring receive path (Linux 6.1+, 64-bit; no liburing).</summary>
internal static unsafe partial class UringInterop
{
    public const uint SetupCqSize = 1 << 3;
    public const uint SetupSubmitAll = 1 << 7;
    public const uint SetupSingleIssuer = 1 << 12;
    public const uint SetupDeferTaskrun = 1 << 13;
    public const uint FeatSingleMmap = 1 << 0;
    public const uint FeatMinTimeout = 1 << 15;
    public const uint EnterGetEvents = 1 << 0;
    public const uint EnterExtArg = 1 << 3;
    public const byte OpRecvMsg = 10;
    public const byte OpAsyncCancel = 14;
    public const byte OpRead = 22;
    public const byte SqeBufferSelect = 1 << 5;
    public const ushort RecvMultishot = 1 << 1;
    public const uint CqeFlagBuffer = 1 << 0;
    public const uint CqeFlagMore = 1 << 1;
    public const int CqeBufferShift = 16;
    public const uint RegisterPbufRing = 22;
    public const long OffSqRing = 0;
    public const long OffCqRing = 0x8000000;
    public const long OffSqes = 0x10000000;
    public const int ProtReadWrite = 0x3;
    public const int MapShared = 0x1;
    public const int MapPopulate = 0x8000;
    public const int ENoBufs = 105;
    public const int ECanceled = 125;

    private const long SysIoUringSetup = 425;
    private const long SysIoUringEnter = 426;
    private const long SysIoUringRegister = 427;
    private const string Library = "libc.so.6";

    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    public static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(void* address, nuint length);

    public static int Setup(uint entries, Params* parameters) => (int)Syscall(SysIoUringSetup, entries, (long)parameters, 0, 0, 0, 0);

    public static int Enter(int ring, uint toSubmit, uint minComplete, uint flags) =>
        (int)Syscall(SysIoUringEnter, ring, toSubmit, minComplete, flags, 0, 0);

    public static int Enter(int ring, uint toSubmit, uint minComplete, uint flags, GetEventsArgument* argument) =>
        (int)Syscall(SysIoUringEnter, ring, toSubmit, minComplete, flags | EnterExtArg, (long)argument, sizeof(GetEventsArgument));

    public static int Register(int ring, uint opcode, void* argument, uint count) =>
        (int)Syscall(SysIoUringRegister, ring, opcode, (long)argument, count, 0, 0);

    /// <summary><c>struct io_sqring_offsets</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SqRingOffsets
    {
        public uint Head, Tail, RingMask, RingEntries, Flags, Dropped, Array, Reserved;
        public ulong UserAddress;
    }

    /// <summary><c>struct io_cqring_offsets</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CqRingOffsets
    {
        public uint Head, Tail, RingMask, RingEntries, Overflow, Cqes, Flags, Reserved;
        public ulong UserAddress;
    }

    /// <summary><c>struct io_uring_params</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Params
    {
        public uint SqEntries, CqEntries, Flags, SqThreadCpu, SqThreadIdle, Features, WqFd, Reserved0, Reserved1, Reserved2;
        public SqRingOffsets SqOffsets;
        public CqRingOffsets CqOffsets;
    }

    /// <summary><c>struct io_uring_sqe</c>, the fields this path sets.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    public struct Sqe
    {
        [FieldOffset(0)] public byte Opcode;
        [FieldOffset(1)] public byte Flags;
        [FieldOffset(2)] public ushort IoPriority;
        [FieldOffset(4)] public int Fd;
        [FieldOffset(8)] public ulong Offset;
        [FieldOffset(16)] public ulong Address;
        [FieldOffset(24)] public uint Length;
        [FieldOffset(28)] public uint OpFlags;
        [FieldOffset(32)] public ulong UserData;
        [FieldOffset(40)] public ushort BufferGroup;
    }

    /// <summary><c>struct io_uring_cqe</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Cqe
    {
        public ulong UserData;
        public int Result;
        public uint Flags;
    }

    /// <summary><c>struct io_uring_buf_reg</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BufferRingRegistration
    {
        public ulong RingAddress;
        public uint RingEntries;
        public ushort GroupId;
        public ushort Flags;
        public ulong Reserved0, Reserved1, Reserved2;
    }

    /// <summary><c>struct io_uring_buf</c>; the ring's tail overlays the first entry's last two bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ProvidedBuffer
    {
        public ulong Address;
        public uint Length;
        public ushort Id;
        public ushort Reserved;
    }

    /// <summary><c>struct io_uring_getevents_arg</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GetEventsArgument
    {
        public ulong SignalMask;
        public uint SignalMaskSize;
        public uint MinWaitMicroseconds;
        public ulong Timeout;
    }

    /// <summary><c>struct io_uring_recvmsg_out</c>, at the start of each buffer a multishot receive fills.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RecvMsgOut
    {
        public uint NameLength, ControlLength, PayloadLength, Flags;
    }
}
