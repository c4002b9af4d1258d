export interface TreeEntry {
  path: string;
  component: string;
}

interface Node {
  children: Map<string, Node>;
  component?: string;
}

/** The planned files as an indented tree, each file with the component that contributed it. */
export function formatTree(root: string, entries: TreeEntry[]): string[] {
  const top: Node = { children: new Map() };
  for (const { path, component } of entries) {
    let node = top;
    for (const part of path.split('/')) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { children: new Map() }));
      node = child;
    }
    node.component = component;
  }
  const rows: [string, string][] = [[`${root}/`, '']];
  const visit = (node: Node, prefix: string) => {
    const names = [...node.children.keys()].sort((a, b) => {
      const [da, db] = [node.children.get(a)!.children.size > 0, node.children.get(b)!.children.size > 0];
      return da === db ? (a < b ? -1 : 1) : da ? -1 : 1;
    });
    names.forEach((name, index) => {
      const child = node.children.get(name)!;
      const last = index === names.length - 1;
      const isDir = child.children.size > 0;
      rows.push([`${prefix}${last ? '└── ' : '├── '}${name}${isDir ? '/' : ''}`, child.component ?? '']);
      if (isDir) visit(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  visit(top, '');
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, component]) => (component ? label.padEnd(width) + component : label));
}
