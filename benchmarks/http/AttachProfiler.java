import com.sun.tools.attach.VirtualMachine;

/**
 * Loads async-profiler into a running JVM and hands it a command: {@code java AttachProfiler.java
 * <pid> <path to libasyncProfiler.so> <command>}, for example {@code start,event=cpu} and later
 * {@code stop,file=out.collapsed,collapsed}. The load script runs it around each measured run.
 */
public class AttachProfiler {

    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
