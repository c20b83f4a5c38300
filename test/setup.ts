import { Testing } from "cdktf";
import { removeTestOutdir } from "./helpers";

Testing.setupJest();
afterAll(removeTestOutdir);
