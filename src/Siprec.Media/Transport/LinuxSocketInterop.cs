using System.Runtime.InteropServices;

namespace Siprec.Media.Transport;

/// <summary>The few glibc calls of the batched receive path (Linux, 64-bit).</summary>
internal static unsafe partial class LinuxSocketInterop
{
    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const uint EpollIn = 0x001;
    public const uint EpollEt = 0x80000000;
    public const int EventFdNonBlock = 0x800;
    public const int EventFdCloexec = 0x80000;
    public const int MsgDontWait = 0x40;
    public const int MsgTrunc = 0x20;
    public const int EAgain = 11;
    public const int EIntr = 4;

    private const string Library = "libc.so.6";

    [LibraryImport(Library, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epoll, int operation, int fd, byte* epollEvent);

    [LibraryImport(Library, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Library, EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>
    /// Size of <c>struct epoll_event</c>: packed to 12 bytes on x86-64, naturally aligned to 16 on other 64-bit ABIs.
    /// </summary>
    public static int EpollEventSize => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Offset of the 64-bit user data within <c>struct epoll_event</c>.</summary>
    public static int EpollEventDataOffset => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c> (LP64 layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct mmsghdr</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}
